/* shm_message.h - the board shared by shm_writer and shm_reader. */
#ifndef BOARD_H
#define BOARD_H

#define MESSAGE_DEFAULT_NAME "/board"
#define MESSAGE_MODE         0600
#define MESSAGE_SIZE         4096
#define WRITTEN_SUFFIX       "_written"
#define READ_SUFFIX          "_read"

struct board {
    char text[MESSAGE_SIZE];
};

/* A name is '/' and then 1 to 199 characters that are not '/'. */
static inline int board_name_ok(const char *name)
{
    int i;

    if (name[0] != '/' || name[1] == '\0')
        return 0;
    for (i = 1; name[i] != '\0'; i++)
        if (name[i] == '/' || i > 199)
            return 0;
    return 1;
}

#endif
