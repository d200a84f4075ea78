//! The syntax tree. Every node carries the byte span of its source text so that
//! every later pass can report errors against the script; every expression
//! and statement also carries a `NodeId`, by which sema records what it
//! learns of it for codegen.

pub use crate::builtins::Builtin;
pub use crate::type_syntax::{DeclType, IntArray, TypeName};
use std::ops::Range;

pub type Span = Range<usize>;

/// Names one expression or statement of a program: what sema learns of a
/// node (its type, variable slot, member read, call facts...) is kept in
/// `sema::Analysis` under its id, so spans only place messages.
///
/// Ids are given in one numbering pass, `number_nodes`, which runs at the
/// end of parsing and again over the whole program after macro expansion.
/// Whoever builds nodes before that (the parser's rewrites in
/// `parse/sugar.rs`, macro expansion copying a body or an argument) makes
/// them with `Expr::new`/`Stmt::new`, unnumbered, and need not think about
/// ids: the pass gives every node of the tree its own, so no two copies
/// share one, however they were made. A node built after the pass (sema
/// building the map read a `find()` stands for) takes the id of the
/// written node it stands for, so that what sema learns of it is what
/// codegen finds for that node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

impl NodeId {
    /// The id of a node not numbered yet (see `number_nodes`).
    pub const UNNUMBERED: NodeId = NodeId(u32::MAX);
}

#[derive(Debug, Clone)]
pub struct Program {
    pub config: Vec<ConfigItem>,
    pub map_decls: Vec<MapDecl>,
    pub macros: Vec<MacroDef>,
    pub structs: Vec<StructDef>,
    pub enums: Vec<EnumDef>,
    pub typedefs: Vec<TypedefDef>,
    pub probes: Vec<Probe>,
}

/// `let @name = KIND(ENTRIES);` before the probes.
#[derive(Debug, Clone)]
pub struct MapDecl {
    /// Without `@`; empty for `@`.
    pub name: String,
    /// `hash`, `lruhash`, `percpuhash`, `percpulruhash` (checked by sema).
    pub kind: String,
    pub kind_span: Span,
    pub entries: u64,
    pub entries_span: Span,
    pub span: Span,
}

/// `enum NAME { A, B = 4 };` written in the script (NAME may be left out).
#[derive(Debug, Clone)]
pub struct EnumDef {
    pub name: Option<String>,
    /// Each enumerator with its value (C's: one more than the previous).
    pub items: Vec<(String, i64)>,
    pub span: Span,
}

/// `macro name(params) { body }`.
#[derive(Debug, Clone)]
pub struct MacroDef {
    pub name: String,
    pub params: Vec<MacroParam>,
    /// The statements; when the body ends in an expression with no `;`,
    /// that expression is the last statement and `value` is true.
    pub body: Vec<Stmt>,
    pub value: bool,
    pub span: Span,
}

/// A macro parameter: `$x` (a variable the caller passes), `@m` (a map),
/// or `x` (an expression put in place of each use).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MacroParam {
    Var(String),
    Map(String),
    Expr(String),
}

/// `typedef TYPE NAME;` written in the script.
#[derive(Debug, Clone)]
pub struct TypedefDef {
    /// The type and the name, as a struct member would have them.
    pub field: FieldDef,
}

/// `struct NAME { ... };` written in the script (or `union NAME`).
#[derive(Debug, Clone)]
pub struct StructDef {
    pub name: String,
    pub union: bool,
    pub fields: Vec<FieldDef>,
    pub span: Span,
}

/// One member of a script struct: `struct point *next[2]` is the base type
/// `struct point`, one `*`, the name and the array lengths.
#[derive(Debug, Clone)]
pub struct FieldDef {
    pub base: FieldType,
    pub pointers: u32,
    pub name: String,
    pub arrays: Vec<u64>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldType {
    Record {
        name: String,
        union: bool,
    },
    Int {
        bytes: u32,
        signed: bool,
    },
    /// A name: `void`, `bool`, `u32`, `uint64_t`, or a kernel typedef.
    Named(String),
    /// `enum NAME`: the script's or the kernel's.
    Enum(String),
}

/// One `key = value` of a `config = { ... }` block.
#[derive(Debug, Clone)]
pub struct ConfigItem {
    pub key: String,
    pub value: ConfigValue,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigValue {
    Int(u64),
    Text(String),
}

#[derive(Debug, Clone)]
pub struct Probe {
    pub attach_points: Vec<AttachPoint>,
    pub predicate: Option<Expr>,
    pub body: Vec<Stmt>,
    pub span: Span,
}

/// An attach point as written (`t:syscalls:sys_enter_*`); providers parse it.
#[derive(Debug, Clone)]
pub struct AttachPoint {
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
    /// Also names the variable an assignment, `let` or `for` declares or
    /// writes (`Analysis::var_slot`): a statement names at most one.
    pub id: NodeId,
}

#[derive(Debug, Clone)]
pub enum StmtKind {
    Expr(Expr),
    /// `_ = expr;`: the value is computed and dropped on purpose.
    Discard(Expr),
    AssignMap {
        map: MapRef,
        value: Expr,
    },
    AssignVar {
        name: String,
        value: Expr,
    },
    If {
        cond: Expr,
        then: Vec<Stmt>,
        otherwise: Vec<Stmt>,
    },
    Block(Vec<Stmt>),
    Return,
    /// `for ($kv : @map) { body }`.
    ForMap {
        var: String,
        map: MapRef,
        body: Vec<Stmt>,
    },
    /// `for ($i : start..end) { body }`: end excluded.
    ForRange {
        var: String,
        start: Expr,
        end: Expr,
        body: Vec<Stmt>,
    },
    /// `while (cond) { body }`.
    While {
        cond: Expr,
        body: Vec<Stmt>,
    },
    /// `unroll(count) { body }`: the body `count` times over.
    Unroll {
        count: Expr,
        body: Vec<Stmt>,
    },
    Break,
    Continue,
    /// `let $x[: ty][ = value]`: a variable of the enclosing block.
    /// `let $x: typeof(e)` has `type_of` instead of `ty`: the type of `e`,
    /// which sema types and codegen never compiles.
    Let {
        name: String,
        ty: Option<DeclType>,
        type_of: Option<Box<Expr>>,
        value: Option<Expr>,
    },
}

#[derive(Debug, Clone)]
pub struct MapRef {
    /// The name without `@`; empty for the anonymous map `@`.
    pub name: String,
    pub keys: Vec<Expr>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
    pub id: NodeId,
}

#[derive(Debug, Clone)]
pub enum ExprKind {
    Int(u64),
    Str(Vec<u8>),
    /// A builtin variable (`pid`, `comm`, `arg0`, `pid(init)`...), resolved
    /// after macro expansion (`parse::resolve_builtins`).
    Builtin(Builtin),
    /// Any other bare word: a macro's parameter or name until expansion,
    /// then what sema makes of it by its name where it is used (a clock of
    /// `nsecs(boot)`, a stack mode, an enumerator, a kernel constant), or
    /// an unknown identifier.
    Ident(String),
    Var(String),
    Map(MapRef),
    Call {
        name: String,
        name_span: Span,
        args: Vec<Expr>,
    },
    /// `base.field` or `base->field`.
    Field {
        base: Box<Expr>,
        field: String,
        field_span: Span,
    },
    Unary {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    Binary {
        op: BinaryOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    Ternary {
        cond: Box<Expr>,
        then: Box<Expr>,
        otherwise: Box<Expr>,
    },
    /// `(a, b, ...)`, two or more elements.
    Tuple(Vec<Expr>),
    /// `(a = 1, b = "x")`: a tuple whose elements have names (bpftrace 0.27).
    Record {
        names: Vec<String>,
        values: Vec<Expr>,
    },
    /// `base[index]`: an element of a kernel array member, or of the
    /// memory a kernel pointer points at.
    Index {
        base: Box<Expr>,
        index: Box<Expr>,
    },
    /// `(enum NAME)operand`: an integer whose value `%s` prints by name.
    EnumCast {
        name: String,
        operand: Box<Expr>,
    },
    /// `{ statements; value }`: the statements run, then `value` is the
    /// block's value; variables declared inside end with it.
    Block {
        stmts: Vec<Stmt>,
        value: Box<Expr>,
    },
    /// `$x++`, `--@m[k]`: `target` (a variable or a map element) changed by
    /// one; the value is the old one, or the new one when `prefix`.
    IncDec {
        target: Box<Expr>,
        increment: bool,
        prefix: bool,
    },
    /// `(NAME *)operand`: a pointer to the kernel struct, union or typedef
    /// NAME, named without `struct`.
    NamedPointerCast {
        name: String,
        operand: Box<Expr>,
    },
    /// `(typeof(of))operand`: `operand` cast to the type of `of`, which is
    /// typed, never evaluated.
    TypeofCast {
        of: Box<Expr>,
        operand: Box<Expr>,
    },
    /// `(struct NAME *)operand` (or `union`): a pointer to a kernel type.
    RecordCast {
        name: String,
        union: bool,
        operand: Box<Expr>,
    },
    /// A type written as an argument of `sizeof` or `offsetof`; `pointer`
    /// when followed by `*`.
    TypeName {
        ty: TypeName,
        pointer: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    BitNot,
    Neg,
    /// `*p`: read what a kernel pointer (or an address) points at.
    Deref,
    /// `&p->member`: the address of a member or element, as a pointer.
    AddressOf,
    /// `(int8)x` ... `(uint64)x`; `bits` 1 is `(bool)x`.
    Cast {
        bits: u8,
        signed: bool,
    },
    /// `(uint8[8])x`: an integer's bytes, or a string's, as an array.
    ArrayCast(IntArray),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Or,
    And,
    BitOr,
    BitXor,
    BitAnd,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Shl,
    Shr,
    Add,
    Sub,
    Mul,
    Div,
    Rem,
}

impl BinaryOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Or => "||",
            BinaryOp::And => "&&",
            BinaryOp::BitOr => "|",
            BinaryOp::BitXor => "^",
            BinaryOp::BitAnd => "&",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::Shl => "<<",
            BinaryOp::Shr => ">>",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Rem => "%",
        }
    }

    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge
        )
    }
}

impl Stmt {
    /// A statement not numbered yet (see `NodeId`).
    pub fn new(kind: StmtKind, span: Span) -> Self {
        Stmt {
            kind,
            span,
            id: NodeId::UNNUMBERED,
        }
    }

    /// The expressions of this statement itself (not of nested statements).
    pub fn own_exprs(&self) -> Vec<&Expr> {
        match &self.kind {
            StmtKind::Expr(e) | StmtKind::Discard(e) | StmtKind::AssignVar { value: e, .. } => {
                vec![e]
            }
            StmtKind::AssignMap { map, value } => map.keys.iter().chain([value]).collect(),
            StmtKind::If { cond, .. } | StmtKind::While { cond, .. } => vec![cond],
            StmtKind::ForMap { map, .. } => map.keys.iter().collect(),
            StmtKind::ForRange { start, end, .. } => vec![start, end],
            StmtKind::Unroll { count, .. } => vec![count],
            StmtKind::Let { value, .. } => value.iter().collect(),
            StmtKind::Block(_) | StmtKind::Return | StmtKind::Break | StmtKind::Continue => {
                Vec::new()
            }
        }
    }
}

impl Stmt {
    /// Calls `visit` on every expression of this statement and of the
    /// statements inside it.
    pub fn walk_exprs<'a>(&'a self, visit: &mut impl FnMut(&'a Expr)) {
        for e in self.own_exprs() {
            e.walk(visit);
        }
        let nested: &[Stmt] = match &self.kind {
            StmtKind::If {
                then, otherwise, ..
            } => {
                for s in then {
                    s.walk_exprs(visit);
                }
                otherwise
            }
            StmtKind::Block(body)
            | StmtKind::ForMap { body, .. }
            | StmtKind::ForRange { body, .. }
            | StmtKind::While { body, .. }
            | StmtKind::Unroll { body, .. } => body,
            _ => &[],
        };
        for s in nested {
            s.walk_exprs(visit);
        }
    }
}

impl Expr {
    /// An expression not numbered yet (see `NodeId`).
    pub fn new(kind: ExprKind, span: Span) -> Self {
        Expr {
            kind,
            span,
            id: NodeId::UNNUMBERED,
        }
    }

    /// The `1` of an increment or decrement (`x++`, `x--`): the parser
    /// gives it an empty span, which no literal written in a script has.
    pub fn is_step(&self) -> bool {
        matches!(self.kind, ExprKind::Int(1)) && self.span.is_empty()
    }

    /// The bare word this expression is, as written, whether or not it
    /// names a builtin variable: where a word is wanted whatever it is (a
    /// stack mode, a member's name in `offsetof`).
    pub fn word(&self) -> Option<std::borrow::Cow<'_, str>> {
        match &self.kind {
            ExprKind::Ident(word) => Some(std::borrow::Cow::Borrowed(word)),
            ExprKind::Builtin(b) => Some(b.name()),
            _ => None,
        }
    }

    /// Calls `visit` on this expression and every expression inside it.
    pub fn walk<'a>(&'a self, visit: &mut impl FnMut(&'a Expr)) {
        visit(self);
        match &self.kind {
            ExprKind::Int(_)
            | ExprKind::Str(_)
            | ExprKind::Builtin(_)
            | ExprKind::Ident(_)
            | ExprKind::Var(_)
            | ExprKind::TypeName { .. } => {}
            ExprKind::Map(map) => map.keys.iter().for_each(|k| k.walk(visit)),
            ExprKind::Call { args, .. } => args.iter().for_each(|a| a.walk(visit)),
            ExprKind::Tuple(elements)
            | ExprKind::Record {
                values: elements, ..
            } => elements.iter().for_each(|a| a.walk(visit)),
            ExprKind::Field { base, .. } => base.walk(visit),
            ExprKind::Index { base, index } => {
                base.walk(visit);
                index.walk(visit);
            }
            ExprKind::Unary { operand, .. }
            | ExprKind::RecordCast { operand, .. }
            | ExprKind::EnumCast { operand, .. }
            | ExprKind::NamedPointerCast { operand, .. } => operand.walk(visit),
            ExprKind::TypeofCast { of, operand } => {
                of.walk(visit);
                operand.walk(visit);
            }
            ExprKind::IncDec { target, .. } => target.walk(visit),
            ExprKind::Block { stmts, value } => {
                for s in stmts {
                    s.walk_exprs(visit);
                }
                value.walk(visit);
            }
            ExprKind::Binary { lhs, rhs, .. } => {
                lhs.walk(visit);
                rhs.walk(visit);
            }
            ExprKind::Ternary {
                cond,
                then,
                otherwise,
            } => {
                cond.walk(visit);
                then.walk(visit);
                otherwise.walk(visit);
            }
        }
    }
}

impl Stmt {
    /// Calls `visit` on every expression of this statement and of the
    /// statements inside it, each before what is inside it.
    pub fn walk_exprs_mut(&mut self, visit: &mut impl FnMut(&mut Expr)) {
        match &mut self.kind {
            StmtKind::Expr(e) | StmtKind::Discard(e) | StmtKind::AssignVar { value: e, .. } => {
                e.walk_mut(visit)
            }
            StmtKind::AssignMap { map, value } => {
                map.keys.iter_mut().for_each(|k| k.walk_mut(visit));
                value.walk_mut(visit);
            }
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => {
                cond.walk_mut(visit);
                then.iter_mut().for_each(|s| s.walk_exprs_mut(visit));
                otherwise.iter_mut().for_each(|s| s.walk_exprs_mut(visit));
            }
            StmtKind::Block(body) => body.iter_mut().for_each(|s| s.walk_exprs_mut(visit)),
            StmtKind::ForMap { map, body, .. } => {
                map.keys.iter_mut().for_each(|k| k.walk_mut(visit));
                body.iter_mut().for_each(|s| s.walk_exprs_mut(visit));
            }
            StmtKind::ForRange {
                start, end, body, ..
            } => {
                start.walk_mut(visit);
                end.walk_mut(visit);
                body.iter_mut().for_each(|s| s.walk_exprs_mut(visit));
            }
            StmtKind::While { cond, body } | StmtKind::Unroll { count: cond, body } => {
                cond.walk_mut(visit);
                body.iter_mut().for_each(|s| s.walk_exprs_mut(visit));
            }
            StmtKind::Let { value, .. } => {
                if let Some(v) = value {
                    v.walk_mut(visit);
                }
            }
            StmtKind::Return | StmtKind::Break | StmtKind::Continue => {}
        }
    }
}

impl Expr {
    /// Calls `visit` on this expression, then on every expression inside
    /// it (as `visit` left it).
    pub fn walk_mut(&mut self, visit: &mut impl FnMut(&mut Expr)) {
        visit(self);
        match &mut self.kind {
            ExprKind::Int(_)
            | ExprKind::Str(_)
            | ExprKind::Builtin(_)
            | ExprKind::Ident(_)
            | ExprKind::Var(_)
            | ExprKind::TypeName { .. } => {}
            ExprKind::Map(map) => map.keys.iter_mut().for_each(|k| k.walk_mut(visit)),
            ExprKind::Call { args, .. }
            | ExprKind::Tuple(args)
            | ExprKind::Record { values: args, .. } => {
                args.iter_mut().for_each(|a| a.walk_mut(visit));
            }
            ExprKind::Field { base, .. } => base.walk_mut(visit),
            ExprKind::Index { base, index } => {
                base.walk_mut(visit);
                index.walk_mut(visit);
            }
            ExprKind::Unary { operand, .. }
            | ExprKind::RecordCast { operand, .. }
            | ExprKind::EnumCast { operand, .. }
            | ExprKind::NamedPointerCast { operand, .. }
            | ExprKind::IncDec {
                target: operand, ..
            } => operand.walk_mut(visit),
            ExprKind::TypeofCast { of, operand } => {
                of.walk_mut(visit);
                operand.walk_mut(visit);
            }
            ExprKind::Block { stmts, value } => {
                stmts.iter_mut().for_each(|s| s.walk_exprs_mut(visit));
                value.walk_mut(visit);
            }
            ExprKind::Binary { lhs, rhs, .. } => {
                lhs.walk_mut(visit);
                rhs.walk_mut(visit);
            }
            ExprKind::Ternary {
                cond,
                then,
                otherwise,
            } => {
                cond.walk_mut(visit);
                then.walk_mut(visit);
                otherwise.walk_mut(visit);
            }
        }
    }
}

/// The N of a positional parameter's name: `$3` → 3 (`$0` and `$x` are none).
/// Here, with the syntax, because the macro expander and sema both ask.
pub fn positional_index(name: &str) -> Option<usize> {
    let digits = name.strip_prefix('$')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|n| *n > 0)
}

/// Gives every expression and statement of `program` its own id, in tree
/// order from 0 (see `NodeId`). Macro definitions are numbered too, though
/// only their expansions are analysed.
pub fn number_nodes(program: &mut Program) {
    let mut numbering = Numbering { next: 0 };
    for probe in &mut program.probes {
        if let Some(p) = &mut probe.predicate {
            numbering.expr(p);
        }
        numbering.stmts(&mut probe.body);
    }
    for m in &mut program.macros {
        numbering.stmts(&mut m.body);
    }
}

struct Numbering {
    next: u32,
}

impl Numbering {
    fn fresh(&mut self) -> NodeId {
        let id = NodeId(self.next);
        // No script has four billion nodes: the parser's nesting bound and
        // the size of a script keep far below it.
        self.next = self.next.saturating_add(1);
        id
    }

    fn stmts(&mut self, stmts: &mut [Stmt]) {
        stmts.iter_mut().for_each(|s| self.stmt(s));
    }

    fn map(&mut self, map: &mut MapRef) {
        map.keys.iter_mut().for_each(|k| self.expr(k));
    }

    fn stmt(&mut self, s: &mut Stmt) {
        s.id = self.fresh();
        match &mut s.kind {
            StmtKind::Expr(e) | StmtKind::Discard(e) | StmtKind::AssignVar { value: e, .. } => {
                self.expr(e)
            }
            StmtKind::AssignMap { map, value } => {
                self.map(map);
                self.expr(value);
            }
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => {
                self.expr(cond);
                self.stmts(then);
                self.stmts(otherwise);
            }
            StmtKind::Block(body) => self.stmts(body),
            StmtKind::ForMap { map, body, .. } => {
                self.map(map);
                self.stmts(body);
            }
            StmtKind::ForRange {
                start, end, body, ..
            } => {
                self.expr(start);
                self.expr(end);
                self.stmts(body);
            }
            StmtKind::While { cond, body } | StmtKind::Unroll { count: cond, body } => {
                self.expr(cond);
                self.stmts(body);
            }
            StmtKind::Let { value, .. } => {
                if let Some(v) = value {
                    self.expr(v);
                }
            }
            StmtKind::Return | StmtKind::Break | StmtKind::Continue => {}
        }
    }

    fn expr(&mut self, e: &mut Expr) {
        e.id = self.fresh();
        match &mut e.kind {
            ExprKind::Int(_)
            | ExprKind::Str(_)
            | ExprKind::Builtin(_)
            | ExprKind::Ident(_)
            | ExprKind::Var(_)
            | ExprKind::TypeName { .. } => {}
            ExprKind::Map(map) => self.map(map),
            ExprKind::Call { args, .. }
            | ExprKind::Tuple(args)
            | ExprKind::Record { values: args, .. } => {
                args.iter_mut().for_each(|a| self.expr(a));
            }
            ExprKind::Field { base, .. } => self.expr(base),
            ExprKind::Index { base, index } => {
                self.expr(base);
                self.expr(index);
            }
            ExprKind::Unary { operand, .. }
            | ExprKind::RecordCast { operand, .. }
            | ExprKind::EnumCast { operand, .. }
            | ExprKind::NamedPointerCast { operand, .. }
            | ExprKind::IncDec {
                target: operand, ..
            } => self.expr(operand),
            ExprKind::TypeofCast { of, operand } => {
                self.expr(of);
                self.expr(operand);
            }
            ExprKind::Block { stmts, value } => {
                self.stmts(stmts);
                self.expr(value);
            }
            ExprKind::Binary { lhs, rhs, .. } => {
                self.expr(lhs);
                self.expr(rhs);
            }
            ExprKind::Ternary {
                cond,
                then,
                otherwise,
            } => {
                self.expr(cond);
                self.expr(then);
                self.expr(otherwise);
            }
        }
    }
}
