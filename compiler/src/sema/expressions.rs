//! Expressions: the dispatch over every kind of expression, variables,
//! fields, casts and dereferences, and the values that must be storable.

use super::checker::Checker;
use super::functions::CallInfo;
use super::positional::{Positional, positional_index, positional_value};
use crate::ast::*;
use crate::btf_access::{self, MemberRead};
use crate::diag::{Diagnostic, nearest};
use crate::script::Attach;
use crate::types::Type;

impl Checker<'_> {
    /// `e`'s type, or None after reporting why it has none; the strict pass
    /// records it for codegen.
    pub(super) fn expr(&mut self, e: &Expr) -> Option<Type> {
        let t = self.expr_inner(e)?;
        if self.strict {
            self.analysis.types.insert(e.id, t);
        }
        Some(t)
    }

    /// `e`'s type, by the kind of expression.
    fn expr_inner(&mut self, e: &Expr) -> Option<Type> {
        match &e.kind {
            ExprKind::Int(v) => Some(Type::Int {
                signed: i64::try_from(*v).is_ok(),
            }),
            ExprKind::Str(bytes) => {
                // As bpftrace: a literal and its NUL fit in max_strlen.
                if bytes.len() >= self.analysis.max_strlen as usize {
                    return self.error(
                        Diagnostic::error(
                            format!(
                                "string literal is longer than {} bytes",
                                self.analysis.max_strlen - 1
                            ),
                            e.span.clone(),
                        )
                        .with_label(format!("{} bytes", bytes.len())),
                    );
                }
                Some(Type::Str)
            }
            ExprKind::Builtin(b) => self.builtin(*b, e),
            ExprKind::Ident(name) => self.identifier(name, e),
            ExprKind::Var(name) if positional_index(name).is_some() || name == "$#" => {
                // What it stands for is recorded for codegen.
                match positional_value(&self.positional, name) {
                    Some(Positional::Int(v)) => {
                        self.note_call(e, CallInfo::Constant(v as u64));
                        Some(Type::Int { signed: true })
                    }
                    Some(Positional::Text(t)) => {
                        self.note_text(e, t.into_bytes());
                        Some(Type::Str)
                    }
                    // bpftrace: a parameter not given is 0 (or "" as a
                    // string), with a warning.
                    None => {
                        self.warn(
                            Diagnostic::warning(
                                format!("positional parameter {name} is empty or not provided"),
                                e.span.clone(),
                            )
                            .with_label("reads as 0")
                            .with_hint("pass it after the script: sonde script.bt ARG1 ARG2 ..."),
                        );
                        self.note_call(e, CallInfo::Constant(0));
                        Some(Type::Int { signed: true })
                    }
                }
            }
            ExprKind::Var(name) => self.variable(e, name),
            ExprKind::Map(map) => self.map_read(e, map),
            ExprKind::Call {
                name,
                name_span,
                args,
            } => self.call(e, name, name_span, args),
            ExprKind::Field {
                base,
                field,
                field_span,
            } if matches!(&base.kind, ExprKind::Call { name, args, .. }
                    if crate::builtins::Function::from_name(name) == Some(crate::builtins::Function::Config)
                        && args.is_empty()) =>
            {
                self.config_field(e, field, field_span)
            }
            ExprKind::Field {
                base,
                field,
                field_span,
            } => self.field_access(e, base, field, field_span),
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
            ExprKind::TypeofCast { of, operand } => self.typeof_cast(e, of, operand),
            ExprKind::NamedPointerCast { name, operand } => {
                self.named_pointer_cast(e, name, operand)
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
            ExprKind::Unary { op, operand } => self.unary(e, op, operand),
            ExprKind::Binary { op, lhs, rhs } => self.binary(e, op, lhs, rhs),
            ExprKind::Tuple(elements) => {
                let mut types = Vec::new();
                for el in elements {
                    types.push(self.value_expr(el));
                }
                let types: Option<Vec<Type>> = types.into_iter().collect();
                Some(self.intern_tuple(types?))
            }
            ExprKind::Record { names, values } => {
                let mut types = Vec::new();
                for value in values {
                    types.push(self.value_expr(value));
                }
                let types: Option<Vec<Type>> = types.into_iter().collect();
                Some(self.intern_named_tuple(types?, Some(names.clone())))
            }
            ExprKind::Ternary {
                cond,
                then,
                otherwise,
            } => self.ternary(e, cond, then, otherwise),
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
    fn in_process(&self) -> bool {
        self.probes[self.current]
            .attaches
            .iter()
            .all(|a| crate::probes::facts_of(a).in_process)
    }

    /// `(TYPE *)operand`: an integer made a pointer to the type `resolve`
    /// finds, into the process's memory in uprobes and USDT probes.
    fn pointer_cast(
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
        let user = matches!(t, Type::UserPtr(_)) || (t.is_integer() && self.in_process());
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
                    e.id,
                    MemberRead {
                        offset: 0,
                        kind,
                        user,
                    },
                );
                Some(match t {
                    Type::KernelPtr(id) | Type::UserPtr(id) => self.member_enum_type(id, ty),
                    _ => ty,
                })
            }
            Err(d) => self.error(d),
        }
    }

    /// A variable's type where it is read (and its slot, for codegen).
    fn variable(&mut self, e: &Expr, name: &str) -> Option<Type> {
        match self.scopes.lookup(name).cloned() {
            Some(var) => {
                self.analysis
                    .var_slots
                    .insert(e.id, var.slot.clone());
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
        }
    }

    /// `base.field`: an `args` field, a member of a struct, or a tuple's element.
    fn field_access(
        &mut self,
        e: &Expr,
        base: &Expr,
        field: &str,
        field_span: &Span,
    ) -> Option<Type> {
        if matches!(&base.kind, ExprKind::Builtin(Builtin::Args)) {
            self.probes[self.current].per_attach = true;
            return self.args_field(base, field, field_span);
        }
        let t = self.expr(base)?;
        if matches!(
            t,
            Type::KernelPtr(_) | Type::KernelRecord(_) | Type::UserPtr(_) | Type::UserRecord(_)
        ) {
            let types = self.kernel_types(e)?;
            return match btf_access::member(&types, t, field, field_span.clone()) {
                Ok((ty, read)) => {
                    self.analysis.members.insert(e.id, read);
                    let place = btf_access::member_place(&types, t, field, field_span.clone());
                    Some(match place {
                        Ok(place) => self.member_enum_type(place.type_id, ty),
                        Err(_) => ty,
                    })
                }
                Err(d) => self.error(d),
            };
        }
        if let Type::Tuple(id) = t
            && let Some(names) = self.record_names(t).map(<[String]>::to_vec)
        {
            return match names.iter().position(|n| n == field) {
                Some(i) => self.tuples.get(id as usize)?.get(i).copied(),
                None => {
                    let d = Diagnostic::error(
                        format!("the record has no element named {field}"),
                        field_span.clone(),
                    )
                    .with_label("no such element");
                    let d = match crate::diag::nearest(field, names.iter().map(String::as_str)) {
                        Some(near) => d.with_hint(format!("did you mean .{near}?")),
                        None => d.with_hint(format!("its elements: .{}", names.join(", ."))),
                    };
                    self.error(d)
                }
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
            if matches!(&args.kind, ExprKind::Builtin(Builtin::Args)))
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

    /// `(NAME *)operand`: a pointer to a struct, union or type named `name`.
    /// `(typeof(of))operand`: to the integer type bpftrace gives `of` (its
    /// width as `int_shape` knows it, else 64 bits) or to its pointer type.
    /// `of` is typed, not evaluated: codegen never compiles it.
    fn typeof_cast(&mut self, e: &Expr, of: &Expr, operand: &Expr) -> Option<Type> {
        let target = self.expr(of);
        let value = self.value_expr(operand)?;
        let target = target?;
        let refuse = |what: String, at: &Expr| {
            Diagnostic::error(what, at.span.clone())
                .with_label("no cast to or from this")
                .with_hint("(typeof(x))v casts v to x's integer or pointer type")
        };
        if !value.is_int() {
            return self.error(refuse(
                format!("cannot cast {} with typeof", value.describe_with_article()),
                operand,
            ));
        }
        match target {
            Type::Bool => {
                self.note_call(
                    e,
                    CallInfo::Cast {
                        bits: 1,
                        signed: false,
                    },
                );
                Some(Type::Bool)
            }
            Type::Int { signed } => {
                let (bits, signed) = self
                    .int_shape(of, target)
                    .map_or((64, signed), |s| (s.bits, s.signed));
                self.note_call(e, CallInfo::Cast { bits, signed });
                Some(Type::Int { signed })
            }
            Type::KernelPtr(_) | Type::UserPtr(_) => Some(target),
            other => self.error(refuse(
                format!(
                    "typeof casts to integers and pointers, this is {}",
                    other.describe_with_article()
                ),
                of,
            )),
        }
    }

    fn named_pointer_cast(&mut self, e: &Expr, name: &str, operand: &Expr) -> Option<Type> {
        // bpftrace's integer type names (`*(uint8 *)p`) are the
        // kernel's fixed-width typedefs.
        let name = match name {
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
                    .with_hint("types come from the kernel's BTF and the script's definitions")
                })
        })
    }
}
