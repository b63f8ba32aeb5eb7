" Vim filetype plugin
" Language:	OVM predicate language (.ovm)
" Maintainer:	the ovm project (editors/vim in https://github.com/ovm-lang/ovm)

if exists('b:did_ftplugin')
  finish
endif
let b:did_ftplugin = 1

let s:cpo_save = &cpo
set cpo&vim

" Comments: `//` and `/* */`; `///` doc comments are continued as such (`gq`, `o`).
setlocal commentstring=//\ %s
setlocal comments=s1:/*,mb:*,ex:*/,:///,://
setlocal formatoptions-=t formatoptions+=croql

" Indentation: two spaces, as in the examples and the standard library.
setlocal expandtab shiftwidth=2 softtabstop=2 autoindent

" `gf` and `[I` on imports: `from std.plasma import …` names std/plasma.ovm.
setlocal suffixesadd=.ovm
setlocal include=^\\s*from
setlocal includeexpr=substitute(v:fname,'\\.','/','g')

let b:undo_ftplugin = 'setlocal commentstring< comments< formatoptions< expandtab< shiftwidth<'
      \ . ' softtabstop< autoindent< suffixesadd< include< includeexpr<'

let &cpo = s:cpo_save
unlet s:cpo_save
