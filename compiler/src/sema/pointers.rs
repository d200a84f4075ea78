//! Arrays and pointers of kernel types: `p->arr[i]`, `p[i]`, `&p->member`,
//! and pointer arithmetic (`p + n`, `p - q`), as C (and bpftrace) mean them.

use super::checker::{Checker, constant_int};
use crate::ast::{BinaryOp, Expr, ExprKind};
use crate::btf_access::{self, IndexBase, IndexRead, MemberKind, MemberRead, Place, PointerArith};
use crate::builtins::Builtin;
use crate::builtins::Function;
use crate::diag::Diagnostic;
use crate::types::Type;

fn is_pointer(t: Type) -> bool {
    matches!(t, Type::KernelPtr(_) | Type::UserPtr(_))
}

fn is_kernel_value(t: Type) -> bool {
    matches!(
        t,
        Type::KernelPtr(_) | Type::KernelRecord(_) | Type::UserPtr(_) | Type::UserRecord(_)
    )
}

/// What an index or `&` applies to.
enum Target {
    /// An array member `p->arr`: where it is; its element type and length.
    ArrayMember {
        place: Place,
        element: u32,
        len: u32,
    },
    /// A pointer to `target`.
    Pointer { target: u32, user: bool },
}

impl<'k> Checker<'k> {
    /// The array member `e` (`p->arr`) if `e` names one, checking `p`.
    /// `Err(())` when an error was reported.
    fn array_member(&mut self, e: &Expr) -> Result<Option<(Place, u32, u32)>, ()> {
        let ExprKind::Field {
            base,
            field,
            field_span,
        } = &e.kind
        else {
            return Ok(None);
        };
        if matches!(&base.kind, ExprKind::Builtin(Builtin::Args)) {
            return Ok(None);
        }
        let Some(t) = self.expr(base) else {
            return Err(());
        };
        if !is_kernel_value(t) {
            return Ok(None);
        }
        let types = self.kernel_types(e).ok_or(())?;
        match btf_access::member_place(&types, t, field, field_span.clone()) {
            Ok(place) => Ok(types
                .array(place.type_id)
                .map(|(element, len)| (place, element, len))),
            Err(d) => {
                self.error(d);
                Err(())
            }
        }
    }

    fn index_target(&mut self, base: &Expr) -> Option<Target> {
        match self.array_member(base) {
            Err(()) => return None,
            Ok(Some((place, element, len))) => {
                return Some(Target::ArrayMember {
                    place,
                    element,
                    len,
                });
            }
            Ok(None) => {}
        }
        let t = self.expr(base)?;
        match t {
            Type::KernelPtr(target) => Some(Target::Pointer {
                target,
                user: false,
            }),
            Type::UserPtr(target) => Some(Target::Pointer { target, user: true }),
            other => {
                self.error(
                    Diagnostic::error(
                        format!("cannot index {}", other.describe_with_article()),
                        base.span.clone(),
                    )
                    .with_label("not an array or a pointer")
                    .with_hint(
                        "[] takes an element of a kernel array member (curtask->comm[0]) \
                         or of what a kernel pointer points at (p[1])",
                    ),
                );
                None
            }
        }
    }

    /// `base[index]`: the element's type; records how it reads. With
    /// `address_only`, the element is not read (its address is the value).
    pub(super) fn index(
        &mut self,
        e: &Expr,
        base: &Expr,
        index: &Expr,
        address_only: bool,
    ) -> Option<(Type, u32, bool)> {
        if !address_only && let Some(found) = self.value_index(e, base, index) {
            return found.map(|t| (t, 0, false));
        }
        let target = self.index_target(base);
        let index_type = self.expr(index);
        let target = target?;
        match index_type? {
            t if t.is_integer() => {}
            other => {
                return self
                    .error(
                        Diagnostic::error(
                            format!("an index must be an integer, not {}", other.describe()),
                            index.span.clone(),
                        )
                        .with_label("not an integer"),
                    )
                    .and(None);
            }
        }
        let types = self.kernel_types(e)?;
        let constant = constant_int(index);
        let (element, user, offset, len, index_base) = match target {
            Target::ArrayMember {
                place,
                element,
                len,
            } => {
                if let Some(i) = constant
                    && (i < 0 || i >= i64::from(len))
                {
                    return self
                        .error(
                            Diagnostic::error(
                                format!(
                                    "index {i} is out of bounds for {}",
                                    types.name(place.type_id)
                                ),
                                index.span.clone(),
                            )
                            .with_label(format!("the array has {len} elements"))
                            .with_hint(if len == 0 {
                                "a zero-length array has no elements to index".to_string()
                            } else {
                                format!("indexes go from 0 to {}", len - 1)
                            }),
                        )
                        .and(None);
                }
                let checked = if constant.is_some() { None } else { Some(len) };
                (
                    element,
                    place.user,
                    place.offset,
                    checked,
                    IndexBase::ArrayMember,
                )
            }
            Target::Pointer { target, user } => (target, user, 0, None, IndexBase::Pointer),
        };
        let element_size =
            match btf_access::pointee_size(&types, element, "cannot index", base.span.clone()) {
                Ok(s) => s,
                Err(d) => return self.error(d).and(None),
            };
        let (ty, kind) = if address_only {
            let ty = if user {
                Type::UserPtr(element)
            } else {
                Type::KernelPtr(element)
            };
            (ty, MemberKind::Embedded)
        } else {
            match btf_access::value_of(&types, element, user) {
                Some(found) => found,
                None => {
                    return self
                        .error(
                            Diagnostic::error(
                                format!(
                                    "an element of type {} cannot be read yet",
                                    types.name(element)
                                ),
                                e.span.clone(),
                            )
                            .with_label("only integers, pointers, char arrays and structs"),
                        )
                        .and(None);
                }
            }
        };
        self.analysis.indexes.insert(
            e.id,
            IndexRead {
                read: MemberRead { offset, kind, user },
                element_size,
                len,
                base: index_base,
            },
        );
        // An element of enum type is of its enum.
        let ty = if address_only {
            ty
        } else {
            self.member_enum_type(element, ty)
        };
        Some((ty, element, user))
    }

    /// `base[index]` where the array is a value the program has, not kernel
    /// memory behind a pointer: a tracepoint's array field (`args.args[0]`)
    /// or a string (`$s[0]`, `comm[1]`, `args.prev_comm[0]`), whose bytes are
    /// int8. None when `base` is neither; Some(None) after an error.
    fn value_index(&mut self, e: &Expr, base: &Expr, index: &Expr) -> Option<Option<Type>> {
        let (offset, element_size, len, signed, index_base) = match &base.kind {
            ExprKind::Field {
                base: args, field, ..
            } if matches!(&args.kind, ExprKind::Builtin(Builtin::Args)) => {
                let probe = &self.probes[self.current];
                let mut arrays = probe.formats.iter().map(|f| {
                    f.as_ref()
                        .and_then(|f| f.field(field))
                        .and_then(|f| f.array())
                });
                let first = arrays.next().flatten()?;
                if !arrays.all(|a| a == Some(first)) {
                    return None;
                }
                let (offset, element_size, len, signed) = first;
                self.probes[self.current].per_attach = true;
                (
                    offset,
                    element_size,
                    len,
                    signed,
                    IndexBase::TracepointRecord,
                )
            }
            // Members are kernel arrays (`curtask->comm[0]`): index_target's.
            ExprKind::Field { .. } | ExprKind::Index { .. } => return None,
            _ => match self.expr(base) {
                None => return Some(None),
                Some(Type::Str) => (0, 1, self.str_size(base), true, IndexBase::StringValue),
                // An integer array is held as a string is, in Sonde's memory.
                Some(Type::IntArray(a)) => (
                    0,
                    u32::from(a.bytes),
                    a.len,
                    a.signed,
                    IndexBase::StringValue,
                ),
                Some(Type::Tuple(id)) => return Some(self.tuple_index(id, index)),
                Some(_) => return None,
            },
        };
        let Some(index_type) = self.expr(index) else {
            return Some(None);
        };
        if !index_type.is_integer() {
            self.error(
                Diagnostic::error(
                    format!("an index must be an integer, not {}", index_type.describe()),
                    index.span.clone(),
                )
                .with_label("not an integer"),
            );
            return Some(None);
        }
        let constant = constant_int(index);
        if let Some(i) = constant
            && (i < 0 || i >= i64::from(len))
        {
            self.error(
                Diagnostic::error(format!("index {i} is out of bounds"), index.span.clone())
                    .with_label(format!("{len} elements"))
                    .with_hint(format!("indexes go from 0 to {}", len.saturating_sub(1))),
            );
            return Some(None);
        }
        self.analysis.indexes.insert(
            e.id,
            IndexRead {
                read: MemberRead {
                    offset,
                    kind: MemberKind::Int {
                        size: element_size,
                        signed,
                    },
                    user: false,
                },
                element_size,
                len: if constant.is_some() { None } else { Some(len) },
                base: index_base,
            },
        );
        Some(Some(Type::Int { signed }))
    }

    /// `t[N]`: element N of a tuple, as `t.N`; N must be a constant.
    fn tuple_index(&mut self, id: u32, index: &Expr) -> Option<Type> {
        self.expr(index)?;
        let count = self.tuples[id as usize].len();
        let Some(i) = constant_int(index).and_then(|i| usize::try_from(i).ok()) else {
            return self.error(
                Diagnostic::error("a tuple's index must be a constant", index.span.clone())
                    .with_label("not a constant")
                    .with_hint("elements have their own types, so the index is fixed: t[0] or t.0"),
            );
        };
        match self.tuples[id as usize].get(i) {
            Some(t) => Some(*t),
            None => self.error(
                Diagnostic::error(
                    format!("a tuple of {count} elements has no element {i}"),
                    index.span.clone(),
                )
                .with_label("no such element")
                .with_hint(format!("elements are 0 to {}", count.saturating_sub(1))),
            ),
        }
    }

    /// `&operand`: the address of a member or element of a kernel type, as a
    /// pointer to its type.
    pub(super) fn address_of(&mut self, e: &Expr, operand: &Expr) -> Option<Type> {
        match &operand.kind {
            ExprKind::Index { base, index } => {
                let (ty, _, _) = self.index(operand, base, index, true)?;
                Some(ty)
            }
            ExprKind::Field {
                base,
                field,
                field_span,
            } if !matches!(&base.kind, ExprKind::Builtin(Builtin::Args)) => {
                let t = self.expr(base)?;
                if !is_kernel_value(t) {
                    return self.not_addressable(e, operand);
                }
                let types = self.kernel_types(e)?;
                match btf_access::member_place(&types, t, field, field_span.clone()) {
                    Ok(place) if place.bitfield.is_some() => self.error(
                        Diagnostic::error(
                            format!("cannot take the address of the bit field {field}"),
                            e.span.clone(),
                        )
                        .with_label("a bit field has no address"),
                    ),
                    Ok(place) => {
                        self.analysis.members.insert(
                            operand.id,
                            MemberRead {
                                offset: place.offset,
                                kind: MemberKind::Embedded,
                                user: place.user,
                            },
                        );
                        Some(if place.user {
                            Type::UserPtr(place.type_id)
                        } else {
                            Type::KernelPtr(place.type_id)
                        })
                    }
                    Err(d) => self.error(d),
                }
            }
            // `&$x` (bpftrace 0.27): where the variable is kept, a pointer
            // to its 8-byte integer or its string, for buf(), macaddr(), `*`.
            ExprKind::Var(_) => {
                let t = self.expr(operand)?;
                let pointee = match t {
                    Type::Int { signed: true } => "s64",
                    Type::Int { signed: false } | Type::Bool => "u64",
                    Type::KernelPtr(_) | Type::UserPtr(_) => "u64",
                    Type::Str => "char",
                    other => {
                        return self.error(
                            Diagnostic::error(
                                format!(
                                    "cannot take the address of {}",
                                    other.describe_with_article()
                                ),
                                e.span.clone(),
                            )
                            .with_label("& of a variable takes an integer or a string"),
                        );
                    }
                };
                let id = self
                    .kernel
                    .kernel_types()
                    .ok()
                    .and_then(|types| types.type_by_name(pointee))
                    .unwrap_or(0);
                Some(Type::KernelPtr(id))
            }
            _ => {
                self.expr(operand)?;
                self.not_addressable(e, operand)
            }
        }
    }

    fn not_addressable(&mut self, e: &Expr, operand: &Expr) -> Option<Type> {
        self.error(
            Diagnostic::error(
                "& takes the address of a variable, or of a member or element of a kernel type",
                e.span.clone(),
            )
            .with_label(if matches!(operand.kind, ExprKind::Map(_)) {
                "a map element has no address a probe can keep"
            } else {
                "not a kernel struct member or element"
            })
            .with_hint("&$x, &curtask->se, &p->arr[2]"),
        )
    }

    /// Pointer arithmetic: `p + n`, `n + p`, `p - n` (a pointer of the same
    /// type) and `p - q` (the number of elements between them). None when
    /// the operation is not pointer arithmetic; Some(None) after an error.
    pub(super) fn pointer_arith(
        &mut self,
        e: &Expr,
        op: BinaryOp,
        l: Type,
        r: Type,
    ) -> Option<Option<Type>> {
        let (pointer, target, pointer_right, difference) = match (op, l, r) {
            (BinaryOp::Add | BinaryOp::Sub, p, n) if is_pointer(p) && n.is_integer() => {
                (p, p, false, false)
            }
            (BinaryOp::Add, n, p) if is_pointer(p) && n.is_integer() => (p, p, true, false),
            (BinaryOp::Sub, a, b) if is_pointer(a) && a == b => (a, a, false, true),
            _ => return None,
        };
        let (Type::KernelPtr(target) | Type::UserPtr(target)) = target else {
            return None;
        };
        let types = self.kernel_types(e)?;
        let scale = match btf_access::pointee_size(
            &types,
            target,
            "cannot do arithmetic on",
            e.span.clone(),
        ) {
            Ok(s) => s,
            Err(d) => return Some(self.error(d)),
        };
        self.analysis.pointer_arith.insert(
            e.id,
            PointerArith {
                scale,
                pointer_right,
                difference,
            },
        );
        Some(Some(if difference {
            Type::Int { signed: true }
        } else {
            pointer
        }))
    }
}

impl Checker<'_> {
    /// `is_err(p)`: an integer or a pointer, compared as a signed value.
    pub(super) fn is_err(&mut self, p: &Expr, usage: &str) -> Option<Type> {
        match self.value_expr(p)? {
            t if t.is_integer() || matches!(t, Type::KernelPtr(_) | Type::UserPtr(_)) => {
                Some(Type::Bool)
            }
            t => self.error(
                Diagnostic::error(
                    format!(
                        "is_err() takes a pointer, this is {}",
                        t.describe_with_article()
                    ),
                    p.span.clone(),
                )
                .with_label("not a pointer")
                .with_hint(format!("usage: {usage}")),
            ),
        }
    }

    /// `kptr(p)`, `uptr(p)`: the same pointer, read from the kernel's or
    /// the traced process's memory from now on; an integer stays one.
    pub(super) fn address_space(&mut self, function: Function, args: &[Expr]) -> Option<Type> {
        let name = if function == Function::Kptr {
            "kptr"
        } else {
            "uptr"
        };
        // The declaration has counted the arguments.
        let [p] = args else {
            return None;
        };
        let kernel = function == Function::Kptr;
        match self.expr(p)? {
            Type::KernelPtr(id) | Type::UserPtr(id) => Some(if kernel {
                Type::KernelPtr(id)
            } else {
                Type::UserPtr(id)
            }),
            Type::KernelRecord(id) | Type::UserRecord(id) => Some(if kernel {
                Type::KernelRecord(id)
            } else {
                Type::UserRecord(id)
            }),
            Type::Address => Some(Type::Address),
            t if t.is_integer() => Some(t.as_arith()),
            t => self.error(
                Diagnostic::error(
                    format!(
                        "{name}() takes a pointer, this is {}",
                        t.describe_with_article()
                    ),
                    p.span.clone(),
                )
                .with_label("not a pointer"),
            ),
        }
    }
}
