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

-- A picture's path is relative to its document (a handout's img/): made
-- absolute here, so that weasyprint, which reads pandoc's HTML from another
-- folder, finds it too.
local input = PANDOC_STATE.input_files[1]
local base = input and input:match('^(.*)/[^/]*$') or '.'
if base:sub(1, 1) ~= '/' then
  base = os.getenv('PWD') .. '/' .. base
end

function Image(img)
  if not img.src:match('^%a[%w+.-]*:') and img.src:sub(1, 1) ~= '/' then
    img.src = base .. '/' .. img.src
  end
  return img
end
