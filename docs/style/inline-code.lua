-- inline-code.lua - pandoc filter used by docs/docs.mk, for print.css: inline
-- code that a line never breaks inside `->`, `/dev/shm` or `-lrt`.
--
-- Browsers and weasyprint may break a line after any "-" or "/", in code
-- too, and justification stretches the spaces inside it. So, in HTML:
--   - a short piece (at most SHORT characters, or without a space) gets the
--     class "nobreak": print.css makes it an atomic box, moved to the next
--     line whole, whose spaces are never stretched;
--   - a longer one is cut after each run of spaces, and each piece, its
--     trailing spaces included, is a <span class="w">: print.css makes these
--     atomic boxes too. A line may break between two pieces (after a space
--     of the code), nowhere else, and justification stretches none of the
--     code's spaces: weasyprint only stretches the spaces of text and inline
--     boxes, never those inside an atomic box. The text is unchanged, so a
--     copy of the code from the HTML page has plain spaces.
local SHORT = 24

local function escape(text)
  return (text:gsub('&', '&amp;'):gsub('<', '&lt;'):gsub('>', '&gt;'))
end

function Code(code)
  if not FORMAT:match('html') then
    return nil
  end
  if #code.text <= SHORT or not code.text:find(' ') then
    code.classes:insert('nobreak')
    return code
  end
  local words = {}
  for word in code.text:gmatch('%s*%S+%s*') do
    words[#words + 1] = '<span class="w">' .. escape(word) .. '</span>'
  end
  local classes = table.concat(code.classes, ' ')
  return pandoc.RawInline('html', '<code class="long' .. (classes ~= '' and ' ' .. classes or '') .. '">'
    .. table.concat(words) .. '</code>')
end

-- Not inline code, but print too: a paragraph that ends with ':' and
-- introduces the code block right after it ("For example (long lines wrapped
-- here):") is put in a <div class="lead-in">, which print.css never leaves
-- alone at the foot of a page, away from its block.
local function ends_with_colon(para)
  local last = para.content[#para.content]
  return last ~= nil and last.t == 'Str' and last.text:sub(-1) == ':'
end

function Blocks(blocks)
  if not FORMAT:match('html') then
    return nil
  end
  local out = {}
  for i, block in ipairs(blocks) do
    local next_block = blocks[i + 1]
    if block.t == 'Para' and next_block ~= nil and next_block.t == 'CodeBlock' and ends_with_colon(block) then
      out[#out + 1] = pandoc.Div({ block }, pandoc.Attr('', { 'lead-in' }))
    else
      out[#out + 1] = block
    end
  end
  return out
end
