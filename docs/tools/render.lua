-- render.lua - pandoc filter used by docs/docs.mk when building the pages.
--
-- In a pipe table, a "|" inside code must be written "\|". Pandoc 2.x keeps
-- the backslash in the code; newer versions drop it. Drop it here, so that
-- `IPC_CREAT \| 0600` prints as IPC_CREAT | 0600 with every pandoc.
local function unescape_pipes(code)
  code.text = code.text:gsub('\\|', '|')
  return code
end

function Table(table)
  return pandoc.walk_block(table, {Code = unescape_pipes})
end
