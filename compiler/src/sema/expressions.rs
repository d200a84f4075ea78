//! Expressions: the dispatch over every kind of expression, variables,
//! fields, casts and dereferences, and the values that must be storable.

use super::checker::Checker;
use super::maps::check_keys;
use super::positional::{Positional, positional_index, positional_value};
use crate::ast::*;
use crate::btf_access::{self, MemberRead};
use crate::diag::{Diagnostic, nearest};
use crate::script::{Attach, MapKind, string_size};
use crate::types::Type;

impl Checker<'_> {
    pub(super) fn expr(&mut self, e: &Expr) -> Option<Type> {
        let t = self.expr_inner(e)?;
        if self.strict {
            self.analysis.types.insert((e.span.start, e.span.end), t);
        }
        Some(t)
    }

    pub(super) fn expr_inner(&mut self, e: &Expr) -> Option<Type> {
        match &e.kind {
            ExprKind::Int(v) => Some(Type::Int {
                signed: i64::try_from(*v).is_ok(),
            }),
            ExprKind::Str(bytes) => {
                if bytes.len() >= string_size() as usize {
                    return self.error(
                        Diagnostic::error(
                            format!("string literal is longer than {} bytes", string_size() - 1),
                            e.span.clone(),
                        )
                        .with_label(format!("{} bytes", bytes.len())),
                    );
                }
                Some(Type::Str)
            }
            ExprKind::Builtin(name) => self.builtin(name, e),
            ExprKind::Var(name) if positional_index(name).is_some() || name == "$#" => {
                match positional_value(&self.positional, name) {
                    Some(Positional::Int(_)) => Some(Type::Int { signed: true }),
                    Some(Positional::Text(_)) => Some(Type::Str),
                    // bpftrace: a parameter not given is 0 (or "" as a string).
                    None => Some(Type::Int { signed: true }),
                }
            }
            ExprKind::Var(name) => match self.scopes.lookup(name).cloned() {
                Some(var) => {
                    self.analysis
                        .var_slots
                        .insert((e.span.start, e.span.end), var.slot.clone());
                    let vars = &mut self.probes[self.current].vars;
                    match vars.get(&var.slot) {
                        Some(t) => Some(*t),
                        // `let $x;` read before any assignment: 0, as in bpftrace.
                        None if var.from_let => {
                            vars.insert(var.slot, Type::Int { signed: true });
                            Some(Type::Int { signed: true })
                        }
                        // Its assignment failed and said so.
                        None => None,
                    }
                }
                None if self.scopes.was_declared(name) => self.error(
                    Diagnostic::error(format!("{name} is not in scope here"), e.span.clone())
                        .with_label("its block has ended")
                        .with_hint(format!(
                            "a variable lives until the end of the block it is first assigned in; to use it after that block, declare it before: let {name};"
                        )),
                ),
                None => {
                    let known = self.scopes.visible();
                    let mut d =
                        Diagnostic::error(format!("undefined variable {name}"), e.span.clone())
                            .with_label("not assigned before this use in this probe");
                    if let Some(n) = nearest(name, known.iter().map(String::as_str)) {
                        d = d.with_hint(format!("did you mean {n}?"));
                    }
                    self.error(d)
                }
            },
            ExprKind::Map(map) => {
                let keys = self.keys(map);
                self.note_key_sizes(map, keys.as_deref());
                let Some(info) = self.maps.get_mut(&map.name) else {
                    let known: Vec<String> = self.maps.keys().cloned().collect();
                    let mut d =
                        Diagnostic::error(format!("undefined map @{}", map.name), e.span.clone())
                            .with_label("never assigned in this script");
                    if let Some(n) = nearest(&map.name, known.iter().map(String::as_str)) {
                        d = d.with_hint(format!("did you mean @{n}?"));
                    }
                    return self.error(d);
                };
                let problem = keys.and_then(|k| check_keys(info, map, k));
                let value = info.value;
                if let Some(
                    kind @ (MapKind::Hist { .. } | MapKind::Lhist { .. } | MapKind::Stats),
                ) = info.kind
                {
                    return self.error(
                        Diagnostic::error(
                            format!(
                                "@{} holds {}() values, which cannot be read in a probe",
                                map.name,
                                kind.function()
                            ),
                            e.span.clone(),
                        )
                        .with_label("not a value")
                        .with_hint(format!("print it with print(@{})", map.name)),
                    );
                }
                if let Some(p) = problem {
                    return self.error(p);
                }
                if value.is_none() {
                    return self.error(
                        Diagnostic::error(
                            format!("cannot tell the type of @{}", map.name),
                            e.span.clone(),
                        )
                        .with_label("only ever assigned from itself")
                        .with_hint(format!(
                            "initialise it somewhere, e.g. BEGIN {{ @{} = 0; }}",
                            map.name
                        )),
                    );
                }
                value
            }
            ExprKind::Call {
                name,
                name_span,
                args,
            } => self.call(e, name, name_span, args),
            ExprKind::Field {
                base,
                field,
                field_span,
            } => {
                if matches!(&base.kind, ExprKind::Builtin(b) if b == "args") {
                    self.probes[self.current].per_attach = true;
                    return self.args_field(base, field, field_span);
                }
                let t = self.expr(base)?;
                if matches!(
                    t,
                    Type::KernelPtr(_)
                        | Type::KernelRecord(_)
                        | Type::UserPtr(_)
                        | Type::UserRecord(_)
                ) {
                    let types = self.kernel_types(e)?;
                    return match btf_access::member(&types, t, field, field_span.clone()) {
                        Ok((ty, read)) => {
                            self.analysis
                                .members
                                .insert((e.span.start, e.span.end), read);
                            Some(ty)
                        }
                        Err(d) => self.error(d),
                    };
                }
                if let Type::Tuple(id) = t {
                    let elements = &self.tuples[id as usize];
                    return match field.parse::<usize>().ok().and_then(|i| elements.get(i)) {
                        Some(element) => Some(*element),
                        None => {
                            let n = elements.len();
                            self.error(
                                Diagnostic::error(
                                    format!("a tuple of {n} elements has no element .{field}"),
                                    field_span.clone(),
                                )
                                .with_label("no such element")
                                .with_hint(format!("elements are .0 to .{}", n.saturating_sub(1))),
                            )
                        }
                    };
                }
                let mut d = Diagnostic::error(
                    format!("{} has no fields", t.describe_with_article()),
                    e.span.clone(),
                )
                .with_label("field access needs a tuple or args");
                // `args.p->x` with p a uprobe's pointer to the program's struct.
                if matches!(&base.kind, ExprKind::Field { base: args, .. }
                    if matches!(&args.kind, ExprKind::Builtin(b) if b == "args"))
                    && self.probes[self.current]
                        .attaches
                        .iter()
                        .any(|a| matches!(a, Attach::Uprobe { .. }))
                {
                    d = d.with_hint(
                        "a uprobe's pointer argument is an address: Sonde does not read the program's own struct types (a struct defined in the script can be cast to: ((struct point *)args.p)->x)",
                    );
                }
                self.error(d)
            }
            ExprKind::TypeName { .. } => self.error(
                Diagnostic::error(
                    "a type can only be an argument of sizeof() or offsetof()",
                    e.span.clone(),
                )
                .with_label("a type")
                .with_hint("sizeof(struct task_struct), offsetof(struct task_struct, comm)"),
            ),
            ExprKind::EnumCast { name, operand } => self.enum_cast(name, operand, e),
            ExprKind::IncDec { target, .. } => self.inc_dec(e, target),
            ExprKind::Block { stmts, value } => {
                self.scopes.push();
                self.stmts(stmts);
                let t = self.expr(value);
                self.scopes.pop();
                t
            }
            ExprKind::NamedPointerCast { name, operand } => {
                // bpftrace's integer type names (`*(uint8 *)p`) are the
                // kernel's fixed-width typedefs.
                let name = match name.as_str() {
                    "int8" => "s8",
                    "uint8" => "u8",
                    "int16" => "s16",
                    "uint16" => "u16",
                    "int32" => "s32",
                    "uint32" => "u32",
                    "int64" => "s64",
                    "uint64" => "u64",
                    other => other,
                };
                self.pointer_cast(e, operand, |types| {
                    types
                        .record_by_name(name, false)
                        .or_else(|| types.record_by_name(name, true))
                        .or_else(|| types.type_by_name(name))
                        .map(Type::KernelPtr)
                        .ok_or_else(|| {
                            Diagnostic::error(
                                format!("the kernel has no struct, union or type named {name}"),
                                e.span.clone(),
                            )
                            .with_label("unknown type")
                            .with_hint(
                                "types come from the kernel's BTF and the script's definitions",
                            )
                        })
                })
            }
            ExprKind::RecordCast {
                name,
                union,
                operand,
            } => self.pointer_cast(e, operand, |types| {
                btf_access::record_pointer(types, name, *union, e.span.clone())
            }),
            ExprKind::Unary {
                op: UnaryOp::AddressOf,
                operand,
            } => self.address_of(e, operand),
            ExprKind::Index { base, index } => self.index(e, base, index, false).map(|f| f.0),
            ExprKind::Unary { op, operand } => {
                let t = self.expr(operand)?;
                if !t.is_int() {
                    let what = match op {
                        UnaryOp::Cast { .. } => "cast".to_string(),
                        other => format!("apply {other:?} to"),
                    };
                    return self.error(
                        Diagnostic::error(
                            format!("cannot {what} {}", t.describe_with_article()),
                            e.span.clone(),
                        )
                        .with_label("needs an integer"),
                    );
                }
                if *op == UnaryOp::Deref {
                    return self.deref(e, t);
                }
                Some(match op {
                    UnaryOp::Deref | UnaryOp::AddressOf => t,
                    UnaryOp::Not | UnaryOp::Cast { bits: 1, .. } => Type::Bool,
                    UnaryOp::Neg => Type::Int { signed: true },
                    UnaryOp::BitNot => t.as_arith(),
                    UnaryOp::Cast { signed, .. } => Type::Int { signed: *signed },
                })
            }
            ExprKind::Binary { op, lhs, rhs } => {
                let (l, r) = (self.expr(lhs), self.expr(rhs));
                // While inferring, `@c + 1` tells @c's type even before @c has one.
                let (l, r) = match (l, r) {
                    (None, Some(t @ Type::Int { .. })) | (Some(t @ Type::Int { .. }), None)
                        if !self.strict =>
                    {
                        (t, t)
                    }
                    (l, r) => (l?, r?),
                };
                if let Some(t) = self.pointer_arith(e, *op, l, r) {
                    return t;
                }
                let logical = op.is_comparison() || matches!(op, BinaryOp::And | BinaryOp::Or);
                // As current bpftrace: comparisons and && || are bools, and
                // so are & | ^ of two bools.
                if (l == Type::Bool && r == Type::Bool)
                    && (logical || matches!(op, BinaryOp::BitAnd | BinaryOp::BitOr | BinaryOp::BitXor))
                {
                    return Some(Type::Bool);
                }
                match (l.as_arith(), r.as_arith()) {
                    (Type::Int { signed: a }, Type::Int { signed: b }) => Some(if logical {
                        Type::Bool
                    } else {
                        if self.note_arith_shape(e, *op, lhs, rhs) == 32 && self.strict {
                            self.analysis
                                .wraps_at_32
                                .insert((e.span.start, e.span.end));
                        }
                        Type::Int { signed: a && b }
                    }),
                    // Pointers compare with each other and with integers, as
                    // unsigned addresses (`$p != 0`, `$a == $b`).
                    (a, b) if a.is_int() && b.is_int() && logical => Some(Type::Bool),
                    (Type::Tuple(a), Type::Tuple(b))
                        if a == b && matches!(op, BinaryOp::Eq | BinaryOp::Ne) =>
                    {
                        // Tuples are zeroed before their elements are stored:
                        // equal tuples have equal bytes.
                        let bytes = match self.slot_kind(l, lhs) {
                            Some(kind) => kind.slot_size(),
                            None => return None,
                        };
                        if self.strict {
                            self.analysis
                                .compare_bytes
                                .insert((e.span.start, e.span.end), bytes);
                        }
                        Some(Type::Bool)
                    }
                    (Type::Str, Type::Str) if matches!(op, BinaryOp::Eq | BinaryOp::Ne) => {
                        // Strings are zero after their NUL, so comparing the
                        // words of the longer slot decides equality.
                        let bytes = self.str_size(lhs).max(self.str_size(rhs));
                        if self.strict {
                            self.analysis
                                .compare_bytes
                                .insert((e.span.start, e.span.end), bytes);
                        }
                        Some(Type::Bool)
                    }
                    _ => self.error(
                        Diagnostic::error(
                            format!(
                                "cannot apply '{}' to {} and {}",
                                op.symbol(),
                                l.describe_with_article(),
                                r.describe_with_article()
                            ),
                            e.span.clone(),
                        )
                        .with_label("incompatible operands")
                        .with_hint(
                            if matches!(l, Type::KernelPtr(_) | Type::UserPtr(_))
                                || matches!(r, Type::KernelPtr(_) | Type::UserPtr(_))
                            {
                                "pointers compare, take + and - of an integer, and - of a pointer of the same type; cast them to uint64 for other arithmetic"
                            } else if l == Type::Str || r == Type::Str {
                                "strings support only == and !="
                            } else {
                                "only integers compute, and integers or strings compare"
                            },
                        ),
                    ),
                }
            }
            ExprKind::Tuple(elements) => {
                let mut types = Vec::new();
                for el in elements {
                    types.push(self.value_expr(el));
                }
                let types: Option<Vec<Type>> = types.into_iter().collect();
                Some(self.intern_tuple(types?))
            }
            ExprKind::Ternary {
                cond,
                then,
                otherwise,
            } => {
                let c = self.expr(cond);
                // `c ? print("a") : print("b")`: a statement with no value.
                let (a, b) = (self.expr(then), self.expr(otherwise));
                if a == Some(Type::Void) && b == Some(Type::Void) {
                    return Some(Type::Void);
                }
                let (a, b) = (
                    a.and_then(|_| self.value_expr(then)),
                    b.and_then(|_| self.value_expr(otherwise)),
                );
                if let Some(c) = c
                    && !c.is_int()
                {
                    self.error(
                        Diagnostic::error("a condition must be an integer", cond.span.clone())
                            .with_label(format!("this is {}", c.describe_with_article())),
                    );
                }
                let (a, b) = (a?, b?);
                if a == Type::Bool && b == Type::Bool {
                    return Some(Type::Bool);
                }
                match (a.as_arith(), b.as_arith()) {
                    (Type::Int { signed: x }, Type::Int { signed: y }) => {
                        Some(Type::Int { signed: x && y })
                    }
                    (Type::Str, Type::Str) => Some(Type::Str),
                    // One type, kept in 64 bits or in a buffer.
                    _ if a == b && (a.in_memory() || a == Type::MacAddr) => Some(a),
                    _ if a.compatible(b) => self.error(
                        Diagnostic::error(
                            format!("?: cannot choose between {} values yet", a.describe()),
                            e.span.clone(),
                        )
                        .with_label("both branches are of this type")
                        .with_hint("use if/else and assign the value in each branch"),
                    ),
                    _ => self.error(
                        Diagnostic::error(
                            "the branches of ?: have different types",
                            e.span.clone(),
                        )
                        .with_label(format!(
                            "{} and {}",
                            a.describe_with_article(),
                            b.describe_with_article()
                        )),
                    ),
                }
            }
        }
    }

    /// A value a variable holds: as `value_expr`, and also a kernel (or
    /// user) struct, which the variable holds by its address, so its
    /// members are read when they are used (bpftrace copies the struct).
    pub(super) fn variable_value(&mut self, e: &Expr) -> Option<Type> {
        match self.expr(e)? {
            t @ (Type::KernelRecord(_) | Type::UserRecord(_)) => Some(t),
            t => self.stored(e, t),
        }
    }

    /// An expression whose value is stored: it must have one.
    pub(super) fn value_expr(&mut self, e: &Expr) -> Option<Type> {
        let t = self.expr(e)?;
        self.stored(e, t)
    }

    /// `e`, of type `t`, as a stored value: it must be one.
    pub(super) fn stored(&mut self, e: &Expr, t: Type) -> Option<Type> {
        match t {
            Type::Void => self.error(
                Diagnostic::error("this expression has no value", e.span.clone())
                    .with_label("cannot be stored"),
            ),
            Type::KernelRecord(_) | Type::UserRecord(_) => self.error(
                Diagnostic::error(
                    "a struct is not a value Sonde can store (print() can show one)",
                    e.span.clone(),
                )
                .with_label("a whole struct")
                .with_hint("take a member (`->field`), or its address with a cast to uint64"),
            ),
            t => Some(t),
        }
    }

    /// Every attach point of the probe is a uprobe or USDT probe: a plain
    /// address there is the traced process's.
    pub(super) fn in_process(&self) -> bool {
        self.probes[self.current]
            .attaches
            .iter()
            .all(|a| matches!(a, Attach::Uprobe { .. } | Attach::Usdt { .. }))
    }

    /// `(TYPE *)operand`: an integer made a pointer to the type `resolve`
    /// finds, into the process's memory in uprobes and USDT probes.
    pub(super) fn pointer_cast(
        &mut self,
        e: &Expr,
        operand: &Expr,
        resolve: impl FnOnce(&crate::ctypes::Types) -> Result<Type, Diagnostic>,
    ) -> Option<Type> {
        let t = self.expr(operand)?;
        if !t.is_int() {
            return self.error(
                Diagnostic::error(
                    format!("cannot cast {} to a pointer", t.describe_with_article()),
                    operand.span.clone(),
                )
                .with_label("needs an integer (an address)"),
            );
        }
        let types = self.kernel_types(e)?;
        match resolve(&types) {
            Ok(Type::KernelPtr(id)) if self.in_process() => Some(Type::UserPtr(id)),
            Ok(t) => Some(t),
            Err(d) => self.error(d),
        }
    }

    /// `*p`: a kernel pointer reads its pointee's type; a plain integer is
    /// an address of a 64-bit value (as bpftrace's `*kaddr("avenrun")`).
    pub(super) fn deref(&mut self, e: &Expr, t: Type) -> Option<Type> {
        use crate::btf_access::MemberKind;
        // A plain address in a uprobe or USDT probe is the process's, as a
        // cast there makes it (`*uaddr("counter")`).
        let user =
            matches!(t, Type::UserPtr(_)) || (matches!(t, Type::Int { .. }) && self.in_process());
        let found = match t {
            Type::KernelPtr(id) | Type::UserPtr(id) => {
                let types = self.kernel_types(e)?;
                btf_access::value_of(&types, id, user).ok_or_else(|| {
                    Diagnostic::error(
                        format!("cannot read a {} through a pointer yet", types.name(id)),
                        e.span.clone(),
                    )
                    .with_label("only integers, pointers, char arrays and structs")
                })
            }
            _ => Ok((
                Type::Int { signed: true },
                MemberKind::Int {
                    size: 8,
                    signed: true,
                },
            )),
        };
        match found {
            Ok((ty, kind)) => {
                self.analysis.members.insert(
                    (e.span.start, e.span.end),
                    MemberRead {
                        offset: 0,
                        kind,
                        user,
                    },
                );
                Some(ty)
            }
            Err(d) => self.error(d),
        }
    }

    /// `$x++`, `--@m[k]`: an integer variable or map element.
    pub(super) fn inc_dec(&mut self, e: &Expr, target: &Expr) -> Option<Type> {
        match &target.kind {
            ExprKind::Var(name) if positional_index(name).is_none() && name != "$#" => {
                let t = self.expr(target)?;
                if !matches!(t, Type::Int { .. }) {
                    return self.error(
                        Diagnostic::error(
                            format!(
                                "++ and -- need an integer, and {name} is {}",
                                t.describe_with_article()
                            ),
                            target.span.clone(),
                        )
                        .with_label("not an integer"),
                    );
                }
                if let Some(slot) = self
                    .analysis
                    .var_slots
                    .get(&(target.span.start, target.span.end))
                    && let Some(width) = self.widths.get(slot).copied()
                {
                    self.analysis
                        .store_widths
                        .insert((e.span.start, e.span.end), width);
                }
                Some(t)
            }
            ExprKind::Map(map) => {
                // As `@m[k] = @m[k] + 1`: a map never assigned is 0 first.
                let keys = self.keys(map);
                self.note_key_sizes(map, keys.as_deref());
                self.define_map(
                    map,
                    keys,
                    Some(Type::Int { signed: true }),
                    &e.span,
                    Some(MapKind::Plain),
                );
                self.expr(target)
            }
            _ => self.error(
                Diagnostic::error(
                    "++ and -- apply to a variable or a map element",
                    target.span.clone(),
                )
                .with_label("not a variable or a map element"),
            ),
        }
    }
}
