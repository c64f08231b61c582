/* f1.h - shared timing board (a different layout, same contract). */
#ifndef F1_H
#define F1_H

enum car_state { GARAGE, ON_TRACK, IN_PIT, DONE };

struct timing {
    double s1, s2, s3, last;
    double best_s1, best_s2, best_s3, best;
    long completed;
    int number;
    int state; /* enum car_state */
};

#endif
