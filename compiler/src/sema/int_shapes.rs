//! Integer sizes as current bpftrace types them, for its type-mismatch rule:
//! a literal is the smallest type that holds it (`1` is uint8, `-1` int8,
//! `-1000` int16), a variable or map value widens to hold every integer
//! assigned to it, and an assignment that no integer type can hold together
//! with what the variable or map already holds (a uint64 and any signed
//! value) is an error. Values are kept in 64 bits; arithmetic whose operands
//! are known to fit 32 bits wraps at 32 (`note_arith_shape`).

use super::checker::Checker;
use crate::ast::{BinaryOp, Expr, ExprKind, UnaryOp};
use crate::builtins::Builtin;
use crate::diag::Diagnostic;
use crate::types::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct IntShape {
    pub(super) bits: u8,
    pub(super) signed: bool,
}

impl IntShape {
    const fn new(bits: u8, signed: bool) -> IntShape {
        IntShape { bits, signed }
    }

    /// The smallest type holding `n`: unsigned unless negative.
    fn of_literal(n: i128) -> IntShape {
        let bits = [8u8, 16, 32, 64]
            .into_iter()
            .find(|&b| {
                if n < 0 {
                    n >= -(1i128 << (b - 1))
                } else {
                    n < (1i128 << b)
                }
            })
            .unwrap_or(64);
        IntShape::new(bits, n < 0)
    }

    /// The smallest type holding both, as bpftrace upcasts; none when one is
    /// a uint64 and the other signed.
    fn join(self, other: IntShape) -> Option<IntShape> {
        if self.signed == other.signed {
            return Some(IntShape::new(self.bits.max(other.bits), self.signed));
        }
        let (unsigned, signed) = if self.signed {
            (other, self)
        } else {
            (self, other)
        };
        // A signed type holds an unsigned one of half its width.
        let bits = (unsigned.bits * 2).max(signed.bits);
        (unsigned.bits < 64).then_some(IntShape::new(bits, true))
    }

    /// An unsigned type of at most 32 bits: its values fit a u32.
    pub(super) fn fits_u32(self) -> bool {
        !self.signed && self.bits <= 32
    }

    fn name(self) -> String {
        format!("{}int{}", if self.signed { "" } else { "u" }, self.bits)
    }
}

/// The bytes of an integer literal's type (`1` is 1, `-1000` 2).
pub(super) fn literal_bytes(e: &Expr) -> Option<u32> {
    let n = match &e.kind {
        ExprKind::Int(v) => i128::from(*v),
        ExprKind::Unary {
            op: UnaryOp::Neg,
            operand,
        } => match operand.kind {
            ExprKind::Int(v) => -i128::from(v),
            _ => return None,
        },
        _ => return None,
    };
    Some(u32::from(IntShape::of_literal(n).bits) / 8)
}

/// Builtins whose bpftrace type is known here (the rest stay unknown).
fn builtin_shape(b: Builtin) -> Option<IntShape> {
    match b {
        Builtin::Usermode => Some(IntShape::new(8, false)),
        Builtin::Pid
        | Builtin::Tid
        | Builtin::Cpu
        | Builtin::Cpid
        | Builtin::Rand
        | Builtin::Numaid
        | Builtin::Ppid
        | Builtin::LeaderTid
        | Builtin::PidInit
        | Builtin::TidInit => Some(IntShape::new(32, false)),
        Builtin::Nsecs
        | Builtin::Elapsed
        | Builtin::Jiffies
        | Builtin::Cgroup
        | Builtin::Uid
        | Builtin::Gid
        | Builtin::Ncpus
        | Builtin::DefaultStrLength
        | Builtin::Curtask => Some(IntShape::new(64, false)),
        Builtin::Comm
        | Builtin::Probe
        | Builtin::Args
        | Builtin::Arg(_)
        | Builtin::Retval
        | Builtin::Bool(_)
        | Builtin::Func
        | Builtin::Kstack
        | Builtin::Ustack
        | Builtin::HasCpid
        | Builtin::Probetype
        | Builtin::Pcomm
        | Builtin::LeaderComm
        | Builtin::Arch
        | Builtin::SafeMode
        | Builtin::Username
        | Builtin::Ctx
        | Builtin::StackArg(_) => None,
    }
}

impl Checker<'_> {
    /// The integer type bpftrace gives `e` (of sema type `t`), where it is
    /// known for certain; `None` otherwise, and for non-integers.
    pub(super) fn int_shape(&self, e: &Expr, t: Type) -> Option<IntShape> {
        // An enum's value (an address) has the shape of the integer it is.
        if !t.is_integer() {
            return None;
        }
        match &e.kind {
            ExprKind::Int(_)
            | ExprKind::Unary {
                op: UnaryOp::Neg, ..
            } => {
                let n = match &e.kind {
                    ExprKind::Int(v) => i128::from(*v),
                    ExprKind::Unary { operand, .. } => match operand.kind {
                        ExprKind::Int(v) => -i128::from(v),
                        _ => return None,
                    },
                    _ => return None,
                };
                Some(IntShape::of_literal(n))
            }
            ExprKind::Unary {
                op: UnaryOp::Cast { bits, signed },
                ..
            } => Some(IntShape::new(*bits, *signed)),
            ExprKind::TypeofCast { .. } => match self.analysis.calls.get(&e.id) {
                Some(super::CallInfo::Cast { bits, signed }) => Some(IntShape::new(*bits, *signed)),
                _ => None,
            },
            ExprKind::Builtin(b) => builtin_shape(*b),
            ExprKind::Var(_) => self
                .analysis
                .var_slots
                .get(&e.id)
                .and_then(|slot| self.var_shapes.get(slot))
                .copied()
                .flatten(),
            // A map value read is 64 bits wide, as bpftrace's are: what it
            // is assigned to is, and computes, in 64 bits.
            ExprKind::Map(map) => self
                .map_shapes
                .get(&map.name)
                .copied()
                .flatten()
                .map(|s| IntShape::new(64, s.signed)),
            ExprKind::Field { base, .. }
                if matches!(&base.kind, ExprKind::Builtin(Builtin::Args)) =>
            {
                let Type::Int { signed } = t.as_arith() else {
                    return None;
                };
                Some(IntShape::new((self.int_width(e) * 8) as u8, signed))
            }
            ExprKind::Binary { op, .. } if !op.is_comparison() => {
                self.binary_shapes.get(&e.id).copied().flatten()
            }
            _ => None,
        }
    }

    /// The bits integer arithmetic `lhs op rhs` is computed in: as bpftrace,
    /// the wider operand's (a literal takes the other's type when it fits
    /// it), and as C at least 32 (`(uint8)255 + (uint8)1` is 256, as C's
    /// integer promotion makes it, where bpftrace wraps at 8 bits). Map
    /// values are 64 bits (bpftrace's too), as are operands whose type is
    /// not known here, literals folded together (`1 << 40`) and increments
    /// (`x++`: bpftrace makes the variable 64 bits).
    ///
    /// Notes the shape of `e` (`lhs op rhs`, integers, checked) for
    /// `int_shape` and returns its width.
    pub(super) fn note_arith_shape(
        &mut self,
        e: &Expr,
        op: BinaryOp,
        lhs: &Expr,
        rhs: &Expr,
    ) -> u8 {
        let (l, r) = (self.shape_of_operand(lhs), self.shape_of_operand(rhs));
        let (lc, rc) = (self.const_value(lhs), self.const_value(rhs));
        let (width, shape) = if lc.is_some() && rc.is_some() {
            // Folded: the result's own smallest type, when it has one.
            (64, self.const_value(e).map(IntShape::of_literal))
        } else if rhs.is_step() {
            (64, l)
        } else {
            let bits = |e: &Expr, constant: Option<i128>, shape: Option<IntShape>| match constant {
                Some(v) => IntShape::of_literal(v).bits,
                None if matches!(e.kind, ExprKind::Map(_)) => 64,
                None => shape.map_or(64, |s| s.bits),
            };
            let width = bits(lhs, lc, l).max(bits(rhs, rc, r)).max(32);
            // The type it gives a variable (for the type-mismatch rule) is
            // bpftrace's: the wider type; a signed and an unsigned operand
            // give the signed type that holds both, where there is one.
            let shape = l.zip(r).map(|(l, r)| match op {
                BinaryOp::Shl | BinaryOp::Shr => l,
                _ => l.join(r).unwrap_or(IntShape::new(64, false)),
            });
            (width, shape)
        };
        // Computed in 64 bits, the value may not fit a narrower type: its
        // type is then one Sonde does not know (no 4-byte key, no 32-bit
        // arithmetic on it, no type-mismatch error from it).
        let shape = if width == 64 {
            shape.filter(|s| s.bits == 64)
        } else {
            shape
        };
        self.binary_shapes.insert(e.id, shape);
        width
    }

    fn shape_of_operand(&self, e: &Expr) -> Option<IntShape> {
        let t = *self.analysis.types.get(&e.id)?;
        self.int_shape(e, t.as_arith())
    }

    /// Widens what the variable `slot` (or map `@name`) holds to take `value`;
    /// a type mismatch when no integer type holds both. A value of a type
    /// not known here makes the holder's type unknown: never an error.
    pub(super) fn widen_int(&mut self, holder: Holder<'_>, value: &Expr, t: Type) {
        if !t.is_integer() {
            return;
        }
        let new = self.int_shape(value, t);
        let held = match holder {
            Holder::Var { slot, .. } => self.var_shapes.get(slot),
            Holder::Map(name) => self.map_shapes.get(name),
        }
        .copied();
        let joined = match (held, new) {
            (None, new) => new,
            (Some(None), _) | (Some(Some(_)), None) => None,
            (Some(Some(old)), Some(new)) => match old.join(new) {
                Some(j) => Some(j),
                None => {
                    let name = match holder {
                        Holder::Var { name, .. } => name.to_string(),
                        Holder::Map(name) => format!("@{name}"),
                    };
                    self.error(
                        Diagnostic::error(
                            format!(
                                "type mismatch for {name}: it holds {}, and no integer type holds both that and {}",
                                article(old.name()),
                                article(new.name())
                            ),
                            value.span.clone(),
                        )
                        .with_label(format!("this is {}", article(new.name())))
                        .with_hint("cast one side, e.g. (int64)x, so that both are signed"),
                    );
                    return;
                }
            },
        };
        match holder {
            Holder::Var { slot, .. } => self.var_shapes.insert(slot.to_string(), joined),
            Holder::Map(name) => self.map_shapes.insert(name.to_string(), joined),
        };
        // Upcast to a signed type: the holder prints signed from now on
        // (`@m = pid; @m = -1` prints -1), as bpftrace's int64.
        if joined.is_some_and(|j| j.signed) {
            let key = match holder {
                Holder::Var { slot, .. } => self.var_key(slot),
                Holder::Map(name) => format!("@{name}"),
            };
            self.signed_holders.insert(key);
            match holder {
                Holder::Var { slot, .. } => {
                    if let Some(t @ Type::Int { signed: false }) =
                        self.probes[self.current].vars.get_mut(slot)
                    {
                        *t = Type::Int { signed: true };
                    }
                }
                Holder::Map(name) => {
                    if let Some(info) = self.maps.get_mut(name)
                        && info.value == Some(Type::Int { signed: false })
                    {
                        info.value = Some(Type::Int { signed: true });
                    }
                }
            }
        }
    }

    pub(super) fn var_key(&self, slot: &str) -> String {
        format!("{}:{slot}", self.current)
    }

    /// The type a variable's first assignment gives it: signed if a later
    /// assignment made it so in an earlier pass, a plain integer if a later
    /// one gave it another enum's value (or a plain integer).
    pub(super) fn held_type(&self, slot: &str, t: Type) -> Type {
        let key = self.var_key(slot);
        let t = match t {
            Type::Enum { .. } | Type::Address if self.numeric_holders.contains(&key) => {
                t.as_arith()
            }
            other => other,
        };
        match t {
            Type::Int { signed: false } if self.signed_holders.contains(&key) => {
                Type::Int { signed: true }
            }
            other => other,
        }
    }
}

/// What an assignment stores into.
#[derive(Clone, Copy)]
pub(super) enum Holder<'a> {
    Var { name: &'a str, slot: &'a str },
    Map(&'a str),
}

fn article(name: String) -> String {
    let a = if name.starts_with('i') { "an" } else { "a" };
    format!("{a} {name}")
}

#[cfg(test)]
mod tests {
    use super::IntShape;

    #[test]
    fn literals_take_the_smallest_type() {
        assert_eq!(IntShape::of_literal(1).name(), "uint8");
        assert_eq!(IntShape::of_literal(255).name(), "uint8");
        assert_eq!(IntShape::of_literal(256).name(), "uint16");
        assert_eq!(IntShape::of_literal(-1).name(), "int8");
        assert_eq!(IntShape::of_literal(-129).name(), "int16");
        assert_eq!(IntShape::of_literal(-1000).name(), "int16");
        assert_eq!(IntShape::of_literal(1 << 40).name(), "uint64");
    }

    #[test]
    fn joins_upcast_or_fail() {
        let (u8_, i16_) = (IntShape::new(8, false), IntShape::new(16, true));
        assert_eq!(u8_.join(i16_), Some(i16_), "the docs' $a = 1; $a = -1000");
        assert_eq!(
            IntShape::new(32, false).join(IntShape::new(8, true)),
            Some(IntShape::new(64, true))
        );
        assert_eq!(IntShape::new(64, false).join(IntShape::new(64, true)), None);
        assert_eq!(
            IntShape::new(64, true)
                .join(IntShape::new(8, false))
                .map(IntShape::name),
            Some("int64".into())
        );
    }
}
