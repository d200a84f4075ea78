//! Aggregations: `@m = count()`, `sum`, `min`, `max`, `avg`, `stats`,
//! `hist` and `lhist`, and the assignments that store them or plain values.

use super::checker::Checker;
use super::int_shapes;
use crate::ast::*;
use crate::builtins::Function;
use crate::diag::Diagnostic;
use crate::script::{MapKind, TseriesAgg};
use crate::types::Type;

/// The most buckets an lhist may have.
pub const MAX_LHIST_BUCKETS: i64 = 1000;

/// The most intervals a tseries keeps: each is a map entry of 24 bytes a
/// CPU, so 100,000 cost about 5 MiB a CPU in the kernel.
pub const MAX_TSERIES_INTERVALS: i128 = 100_000;

/// `@m = f(...)` where f is an aggregation.
fn aggregation_call(value: &Expr) -> Option<(Function, &[Expr])> {
    match &value.kind {
        ExprKind::Call { name, args, .. } => Function::from_name(name)
            .filter(|f| f.is_aggregation())
            .map(|f| (f, args.as_slice())),
        _ => None,
    }
}

impl Checker<'_> {
    /// `@m[keys] = value`, the value an aggregation's or a plain one.
    pub(super) fn assign_map(&mut self, map: &MapRef, value: &Expr) {
        let (t, kind) = match aggregation_call(value) {
            Some((function, args)) => match self.aggregation(value, function, args) {
                Some((kind, t)) => (Some(t), Some(kind)),
                None => (None, None),
            },
            None => (self.value_expr(value), Some(MapKind::Plain)),
        };
        let keys = self.keys(map);
        self.note_key_sizes(map, keys.as_deref());
        self.define_map(map, keys, t, &value.span, kind);
        if let (Some(t), Some(MapKind::Plain)) = (t, kind) {
            self.widen_int(int_shapes::Holder::Map(&map.name), value, t);
        }
        if t == Some(Type::Str) {
            let size = self.str_size(value);
            if let Some(info) = self.maps.get_mut(&map.name) {
                info.value_size = info.value_size.max(size);
            }
        }
    }

    /// Checks `f(args)` on the right of `@map = ...`; returns the map kind and
    /// the type a read of the map gives.
    pub(super) fn aggregation(
        &mut self,
        call: &Expr,
        function: Function,
        args: &[Expr],
    ) -> Option<(MapKind, Type)> {
        let decl = function.decl();
        let fname = decl.name;
        if let Some(refusal) = self.refusal(call, &decl, args) {
            return self.fail(refusal);
        }
        let value_type = match args.first() {
            Some(a) => {
                let t = self.expr(a)?;
                if !t.is_int() {
                    return self.fail(
                        Diagnostic::error(format!("{fname}() needs an integer"), a.span.clone())
                            .with_label(format!("this is {}", t.describe_with_article())),
                    );
                }
                // An enum's values (and addresses) aggregate as the
                // integers they are: sum(GREEN) prints 5, as bpftrace's.
                match t {
                    Type::Enum { .. } | Type::Address => t.as_arith(),
                    other => other,
                }
            }
            None => Type::Int { signed: false },
        };
        if self.strict {
            self.analysis.types.insert(call.id, value_type);
        }
        Some(match function {
            Function::Count => (MapKind::Count, Type::Int { signed: false }),
            Function::Sum => (MapKind::Sum, value_type),
            Function::Min => (MapKind::Min, value_type),
            Function::Max => (MapKind::Max, value_type),
            Function::Avg => (MapKind::Avg, Type::Int { signed: true }),
            Function::Stats => (MapKind::Stats, Type::Int { signed: true }),
            Function::Hist => {
                let bits = match args.get(1) {
                    None => 0,
                    // A literal, a positional parameter, constant arithmetic.
                    Some(a) => match self
                        .const_value(a)
                        .and_then(|v| u8::try_from(v).ok())
                        .filter(|v| *v <= 5)
                    {
                        Some(v) => v,
                        None => {
                            return self.fail(
                                Diagnostic::error(
                                    "hist()'s bits must be a constant from 0 to 5",
                                    a.span.clone(),
                                )
                                .with_label("not a constant from 0 to 5")
                                .with_hint("hist($x, 2) splits each power of two in 4 buckets"),
                            );
                        }
                    },
                };
                (MapKind::Hist { bits }, value_type)
            }
            Function::Lhist => {
                let mut bounds = [0i64; 3];
                for (slot, a) in bounds.iter_mut().zip(&args[1..]) {
                    match self.const_value(a).and_then(|v| i64::try_from(v).ok()) {
                        Some(v) => *slot = v,
                        None => {
                            return self.fail(
                                Diagnostic::error(
                                    "lhist()'s min, max and step must be integer constants",
                                    a.span.clone(),
                                )
                                .with_label("not a constant"),
                            );
                        }
                    }
                }
                let [min, max, step] = bounds;
                let problem = if step <= 0 {
                    Some(("lhist()'s step must be positive", &args[3]))
                } else if max <= min {
                    Some(("lhist()'s max must be greater than its min", &args[2]))
                } else if (max - min) / step > MAX_LHIST_BUCKETS {
                    Some(("lhist() would have more than 1000 buckets", &args[3]))
                } else {
                    None
                };
                if let Some((message, at)) = problem {
                    return self.fail(
                        Diagnostic::error(message, at.span.clone())
                            .with_label("here")
                            .with_hint(
                                "usage: lhist(value, min, max, step), e.g. lhist($x, 0, 1000, 100)",
                            ),
                    );
                }
                (MapKind::Lhist { min, max, step }, value_type)
            }
            Function::Tseries => (self.tseries_shape(args)?, value_type),
            _ => return None,
        })
    }

    /// `tseries(value, interval_ns, intervals[, agg])`: the interval and
    /// the count are constants, the aggregation a string literal.
    fn tseries_shape(&mut self, args: &[Expr]) -> Option<MapKind> {
        const USAGE: &str = "usage: tseries(value, interval_ns, intervals[, \"avg\"|\"max\"|\"min\"|\"sum\"]), e.g. tseries($x, 1s, 10)";
        let mut numbers = [0u64; 2];
        let bounds = [
            ("interval_ns", 1, i128::from(u64::MAX)),
            ("intervals", 1, MAX_TSERIES_INTERVALS),
        ];
        for ((slot, a), (what, low, high)) in numbers.iter_mut().zip(&args[1..3]).zip(bounds) {
            let problem = match self.const_value(a) {
                None => format!("tseries()'s {what} must be an integer constant"),
                Some(v) if v < low => {
                    format!("tseries()'s {what} must be at least {low} ({v} given)")
                }
                Some(v) if v > high => {
                    format!("tseries()'s {what} must be at most {high} ({v} given)")
                }
                Some(v) => {
                    *slot = u64::try_from(v).unwrap_or(u64::MAX);
                    continue;
                }
            };
            return self.fail(
                Diagnostic::error(problem, a.span.clone())
                    .with_label("here")
                    .with_hint(USAGE),
            );
        }
        let agg = match args.get(3) {
            None => TseriesAgg::Last,
            Some(a) => {
                let name = match &a.kind {
                    ExprKind::Str(bytes) => std::str::from_utf8(bytes).ok(),
                    _ => None,
                };
                match name.and_then(TseriesAgg::from_name) {
                    Some(agg) => agg,
                    None => {
                        return self.fail(
                            Diagnostic::error(
                                format!(
                                    "tseries()'s aggregation is one of {}",
                                    TseriesAgg::NAMES.map(|n| format!("\"{n}\"")).join(", ")
                                ),
                                a.span.clone(),
                            )
                            .with_label("not one of them")
                            .with_hint("without it, each interval keeps the last value written"),
                        );
                    }
                }
            }
        };
        let [interval_ns, intervals] = numbers;
        Some(MapKind::Tseries {
            interval_ns,
            intervals,
            agg,
        })
    }
}
