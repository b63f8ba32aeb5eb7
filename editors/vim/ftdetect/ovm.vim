" OVM predicate language files.
autocmd BufNewFile,BufRead *.ovm setfiletype ovm
