" Writes the syntax group of every character of the current buffer to $OVM_VIM_DUMP, for the
" tests in editors/vscode/test/vim.test.js: first a line with the buffer's 'filetype',
" 'commentstring' and 'shiftwidth', then one line per buffer line with, for each character,
" `GROUP/HIGHLIGHT` (the syntax item and the highlight group it links to; `-` for none),
" separated by tabs.
let s:out = [&filetype . "\t" . &commentstring . "\t" . &shiftwidth]
for s:lnum in range(1, line('$'))
  let s:line = getline(s:lnum)
  let s:cells = []
  let s:byte = 0
  for s:char in split(s:line, '\zs')
    let s:id = synID(s:lnum, s:byte + 1, 1)
    let s:name = synIDattr(s:id, 'name')
    let s:trans = synIDattr(synIDtrans(s:id), 'name')
    call add(s:cells, (s:name ==# '' ? '-' : s:name) . '/' . (s:trans ==# '' ? '-' : s:trans))
    let s:byte += len(s:char)
  endfor
  call add(s:out, join(s:cells, "\t"))
endfor
call writefile(s:out, $OVM_VIM_DUMP)
