" Vim syntax file
" Language:	OVM predicate language (.ovm)
" Maintainer:	the ovm project (editors/vim in https://github.com/ovm-lang/ovm)
"
" The token classes follow the compiler's lexer (compiler/src/syntax/token.rs), as the VS Code
" grammar (editors/vscode/syntaxes/ovm.tmLanguage.json) does; editors/README.md lists them. The
" names of the atomic predicates (stdlib/atomic.ovm) and of the standard library's @library
" predicates (stdlib/*.ovm) are listed below: keep them in step with stdlib/.

if exists('b:current_syntax')
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

syn case match
syn iskeyword @,48-57,_
" Block comments can span many lines: always parse from the start (OVM files are small).
syn sync fromstart

" ---- errors (defined first: every other item has priority over them) ----

" A character that starts no token (E0101).
syn match ovmError +[^ \t\r\d12A-Za-z0-9_$"/!(),.:@-]+
syn match ovmError +\$\h\@!+
syn match ovmError +-\%(>\)\@!+
syn match ovmError +/\%([/*]\)\@!+

" ---- comments ----

syn keyword ovmTodo contained TODO FIXME XXX HACK NOTE
syn match ovmLineComment +//.*$+ contains=ovmTodo,@Spell
" Exactly three slashes make a doc comment; four or more an ordinary comment.
syn match ovmDocComment +///\%(/\)\@!.*$+ contains=ovmTodo,ovmDocCode,@Spell
syn match ovmDocCode +`[^`]*`+ contained
" Block comments nest.
syn region ovmBlockComment start=+/\*+ end=+\*/+ contains=ovmBlockComment,ovmTodo,@Spell
syn cluster ovmComments contains=ovmLineComment,ovmDocComment,ovmBlockComment

" ---- literals ----

syn match ovmNumberError +\<\d\w*+
syn match ovmNumber +\<\d\+\>+
syn match ovmHex +\<0x\x*\>+
syn match ovmConstant +\$\h\w*+

syn match ovmEscapeError +\\.+ contained
syn match ovmEscape +\\[\\"ntr0]+ contained
syn region ovmString start=+"+ skip=+\\.+ end=+"+ end=+$+ contains=ovmEscape,ovmEscapeError

" The hint of @quantifier: placeholders ${param}, ${param.0}, ${param.address}, ${$constant},
" ${zero}, and the lookup kind of `bucket,KIND,param`.
syn match ovmHintKind +,\zs\%(KEY\|ITER\|RANGE\|NUMBER\)\ze,+ contained
syn match ovmPlaceholderError +\${[^}"]*}\=+ contained
syn match ovmPlaceholder +\${\%(\$\=\h\w*\)\%(\.\%(\d\+\|address\)\)*}+ contained
      \ contains=ovmPlaceholderDelim,ovmPlaceholderConstant
syn match ovmPlaceholderDelim +\${\|}+ contained
syn match ovmPlaceholderConstant +\$\h\w*+ contained
syn region ovmHintString start=+"+ skip=+\\.+ end=+"+ end=+$+ contained
      \ contains=ovmEscape,ovmEscapeError,ovmPlaceholderError,ovmPlaceholder,ovmHintKind

" A string with no closing quote on its line (E0102).
syn match ovmUnterminated +"\%([^"\\]\|\\.\)*\\\=$+ contains=ovmEscape,ovmEscapeError

" ---- imports ----

syn keyword ovmAtomicName contained Equal IsLessThan IsContained HasIntersection IsValidSignature
      \ IsStored VerifyInclusion IsValidHash IsConcatenatedWith IsSameAmount
syn keyword ovmLibraryName contained SignedBy SignedByTypedData LessThan InRange Preimage Stored
      \ IncludedAt SU IsValidTx Tx IsValidStateTransition SameAddress Update HigherNonce Multisig
syn keyword ovmFrom from nextgroup=ovmModulePath skipwhite skipempty
syn match ovmModulePath +\h\w*\%(\_s*\.\_s*\h\w*\)*+ contained
syn keyword ovmImport import nextgroup=ovmImportList skipwhite skipempty
syn match ovmImportList +\h\w*\%(\_s*,\_s*\h\w*\)*+ contained contains=ovmAtomicName,ovmLibraryName

" ---- definitions ----

syn keyword ovmReservedAsName contained def from import forall exists in not and or implies self

syn match ovmParam +\<\h\w*\>+ contained
syn keyword ovmType contained Address Bytes Bytes32 BigNumber Range Property
syn match ovmTypeError +\<\h\w*\>+ contained
syn match ovmTypeColon +:+ contained nextgroup=ovmType,ovmTypeError skipwhite skipempty
syn region ovmParams matchgroup=ovmParen start=+(+ end=+)+ end=+\%(:=\|\<def\>\|@\)\@=+ contained
      \ contains=@ovmComments,ovmReservedAsName,ovmParam,ovmTypeColon,ovmError

syn keyword ovmDef def nextgroup=ovmReservedAsName,ovmDefName skipwhite skipempty
syn match ovmDefName +\<\h\w*\>+ contained nextgroup=ovmParams skipwhite skipempty

" Annotations: @library, @atomic, @external and @quantifier("hint"); any other is E0209.
syn match ovmAnnotationError +@\s*\h\w*+
syn match ovmAnnotation +@\s*\%(library\|atomic\|external\|quantifier\)\>+
      \ nextgroup=ovmAnnotationArgs skipwhite skipempty
syn region ovmAnnotationArgs matchgroup=ovmParen start=+(+ end=+)+ end=+\%(\<def\>\|@\)\@=+ contained
      \ contains=@ovmComments,ovmString,ovmUnterminated
syn match ovmQuantifierAnnotation +@\s*quantifier\>+ nextgroup=ovmHintArgs skipwhite skipempty
syn region ovmHintArgs matchgroup=ovmParen start=+(+ end=+)+ end=+\%(\<def\>\|@\)\@=+ contained
      \ contains=@ovmComments,ovmHintString,ovmUnterminated

" A definition annotated @library, @atomic or @external: from the annotation to its `def`, so
" that the name after `def` is highlighted as a predicate of that class, whatever the order of
" the annotations.
syn cluster ovmAnnotations contains=@ovmComments,ovmAnnotationError,ovmAnnotation,ovmQuantifierAnnotation,ovmAnnotationArgs
for s:class in ['library', 'atomic', 'external']
  let s:Class = toupper(s:class[0]) . s:class[1:]
  execute 'syn region ovm' . s:Class . 'Declaration matchgroup=ovmAnnotation'
        \ . ' start=+@\s*' . s:class . '\>+ end=+\%(\<def\>\)\@=+'
        \ . ' contains=@ovmAnnotations nextgroup=ovm' . s:Class . 'Def'
  execute 'syn keyword ovm' . s:Class . 'Def def contained'
        \ . ' nextgroup=ovmReservedAsName,ovm' . s:Class . 'DefName skipwhite skipempty'
  execute 'syn match ovm' . s:Class . 'DefName +\<\h\w*\>+ contained nextgroup=ovmParams skipwhite skipempty'
endfor
unlet s:class s:Class

" ---- formulas ----

syn keyword ovmQuantifier forall exists nextgroup=ovmBoundVar skipwhite skipempty
syn match ovmBoundVar +\<\h\w*\>+ contained
" A name before `in` is a bound variable too (also after a comment, which nextgroup cannot skip).
syn match ovmBoundVarIn +\<\h\w*\ze\_s\+in\>+
syn match ovmLambdaVar +\<\h\w*\ze\_s*->+
syn keyword ovmIn in
syn keyword ovmLogical not and or implies
syn keyword ovmSelf self
syn match ovmColon +:+
syn match ovmOperator +:=\|->\|!+

" After a dot: a child `.0`, `.address`, or the method quantifiers `.all` and `.any`.
syn match ovmDot +\.+ nextgroup=ovmMethod,ovmAddress,ovmChildIndex,ovmChildError skipwhite skipempty
syn keyword ovmMethod contained all any
syn keyword ovmAddress contained address
syn match ovmChildError +\<\w\+\>+ contained
syn match ovmChildIndex +\<\d\+\>+ contained

" Calls: any predicate (or a variable holding a property), the standard library's, the atomic.
syn match ovmCall +\<\h\w*\ze\_s*(+
syn match ovmLibraryPredicate +\<\%(SignedBy\|SignedByTypedData\|LessThan\|InRange\|Preimage\|Stored\|IncludedAt\|SU\|IsValidTx\|Tx\|IsValidStateTransition\|SameAddress\|Update\|HigherNonce\|Multisig\)\>\ze\_s*(+
syn match ovmAtomicPredicate +\<\%(Equal\|IsLessThan\|IsContained\|HasIntersection\|IsValidSignature\|IsStored\|VerifyInclusion\|IsValidHash\|IsConcatenatedWith\|IsSameAmount\)\>\ze\_s*(+

" ---- highlighting ----

hi def link ovmError Error
hi def link ovmTodo Todo
hi def link ovmLineComment Comment
hi def link ovmBlockComment Comment
hi def link ovmDocComment SpecialComment
hi def link ovmDocCode Special
hi def link ovmNumberError Error
hi def link ovmNumber Number
hi def link ovmHex Number
hi def link ovmConstant Constant
hi def link ovmEscapeError Error
hi def link ovmEscape SpecialChar
hi def link ovmString String
hi def link ovmHintString String
hi def link ovmHintKind Special
hi def link ovmPlaceholderError Error
hi def link ovmPlaceholder Identifier
hi def link ovmPlaceholderDelim Delimiter
hi def link ovmPlaceholderConstant Constant
hi def link ovmUnterminated Error
hi def link ovmFrom Include
hi def link ovmImport Include
hi def link ovmModulePath Identifier
hi def link ovmImportList Function
hi def link ovmAtomicName ovmAtomicPredicate
hi def link ovmLibraryName ovmLibraryPredicate
hi def link ovmReservedAsName Error
hi def link ovmParam Identifier
hi def link ovmType Type
hi def link ovmTypeError Error
hi def link ovmDef Keyword
hi def link ovmLibraryDef ovmDef
hi def link ovmAtomicDef ovmDef
hi def link ovmExternalDef ovmDef
hi def link ovmDefName Function
hi def link ovmLibraryDefName Function
hi def link ovmAtomicDefName Function
hi def link ovmExternalDefName Function
hi def link ovmAnnotationError Error
hi def link ovmAnnotation PreProc
hi def link ovmQuantifierAnnotation PreProc
hi def link ovmQuantifier Repeat
hi def link ovmMethod Repeat
hi def link ovmIn Repeat
hi def link ovmBoundVar Identifier
hi def link ovmBoundVarIn ovmBoundVar
hi def link ovmLambdaVar Identifier
hi def link ovmLogical Operator
hi def link ovmOperator Operator
hi def link ovmColon Delimiter
hi def link ovmSelf Special
hi def link ovmAddress Special
hi def link ovmChildIndex Number
hi def link ovmChildError Error
hi def link ovmAtomicPredicate Special
hi def link ovmLibraryPredicate Function
hi def link ovmCall Identifier

let b:current_syntax = 'ovm'

let &cpo = s:cpo_save
unlet s:cpo_save
