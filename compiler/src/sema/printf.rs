//! Formatted output: `printf` and the printf-like calls' formats, conversion
//! mismatches, `join` and `time`, and the record ids of their call sites.

use super::checker::Checker;
use crate::ast::*;
use crate::diag::Diagnostic;
use crate::printf_format;
use crate::script::{FormatPiece, JOIN_MAX_ELEMENTS, PrintfSpec, ValueKind};
use crate::types::Type;

/// Why a value of type `t` cannot go through conversion `%conv`, if it cannot:
/// `%r` takes buffers and only buffers; the values user space formats
/// (timestamps, addresses) print with `%s`.
fn conversion_mismatch(name: &str, conv: char, t: Type, value: &Expr) -> Option<Diagnostic> {
    let problem = |message: String, hint: &str| {
        Some(
            Diagnostic::error(message, value.span.clone())
                .with_label("wrong type for its conversion")
                .with_hint(hint.to_string()),
        )
    };
    match (conv, t) {
        ('r', Type::Buffer(_)) => None,
        ('r', other) => problem(
            format!(
                "{name}: %r expects a buffer, but this is {}",
                other.describe_with_article()
            ),
            "make one with buf(pointer, length)",
        ),
        (_, Type::Buffer(_)) => problem(
            format!("{name}: a buffer prints with %r, %rx or %rh, not %{conv}"),
            "%r shows printable bytes as they are, %rx every byte as \\xNN, %rh as hex",
        ),
        ('s', _) => None,
        (_, other) if other.is_formatted() => problem(
            format!(
                "{name}: {} prints with %s, not %{conv}",
                other.describe_with_article()
            ),
            "use %s",
        ),
        (_, other) if !other.is_int() => problem(
            format!(
                "{name}: %{conv} expects an integer, but this is {}",
                other.describe_with_article()
            ),
            "use %s for strings",
        ),
        _ => None,
    }
}

impl Checker<'_> {
    /// `time([FORMAT])`: prints the wall-clock time, formatted in user space
    /// by strftime(3); bpftrace's default format is "%H:%M:%S\n".
    pub(super) fn time(&mut self, call: &Expr, args: &[Expr]) -> Option<Type> {
        let format = match args.first() {
            None => "%H:%M:%S\n".to_string(),
            Some(arg) => {
                self.string_literal(arg, "time()'s format", "usage: time(\"%H:%M:%S \")")?
            }
        };
        self.register_printf(call, vec![FormatPiece::LocalTime(format)], Vec::new());
        Some(Type::Void)
    }

    /// `join(array[, sep])`: prints the strings of a NULL-terminated array of
    /// string pointers (`args.argv`), at most `JOIN_MAX_ELEMENTS` of them.
    pub(super) fn join(&mut self, e: &Expr, args: &[Expr]) -> Option<Type> {
        let usage = "usage: join(args.argv[, \" \"])";
        let [array, rest @ ..] = args else {
            return None;
        };
        let separator = match rest.first() {
            None => " ".to_string(),
            Some(arg) => match self.string_literal(arg, "join()'s separator", usage) {
                Some(separator) => separator,
                None => {
                    self.expr(array);
                    return None;
                }
            },
        };
        let t = self.value_expr(array)?;
        if !t.is_int() {
            return self.error(
                Diagnostic::error(
                    "join() takes an array of string pointers",
                    array.span.clone(),
                )
                .with_label("not a pointer")
                .with_hint(usage),
            );
        }
        let slots = vec![
            ValueKind::Str {
                size: self.string_size
            };
            JOIN_MAX_ELEMENTS as usize
        ];
        self.register_printf(e, vec![FormatPiece::Join(separator)], slots);
        Some(Type::Void)
    }

    /// `printf(format, args...)`.
    pub(super) fn printf(&mut self, e: &Expr, args: &[Expr]) -> Option<Type> {
        if let Some((pieces, kinds)) = self.format_call(e, args, "printf") {
            self.register_printf(e, pieces, kinds);
        }
        Some(Type::Void)
    }

    /// Checks a printf-like call (`printf`, `system`, `cat`): the format a
    /// string literal, each argument of the type its conversion takes.
    /// Returns the pieces and the record's argument slots, or None after
    /// reporting what is wrong.
    pub(super) fn format_call(
        &mut self,
        e: &Expr,
        args: &[Expr],
        name: &str,
    ) -> Option<(Vec<FormatPiece>, Vec<ValueKind>)> {
        let Some(first) = args.first() else {
            return self.fail(
                Diagnostic::error(format!("{name}() needs a format string"), e.span.clone())
                    .with_label("no arguments")
                    .with_hint(format!("usage: {name}(\"%d\\n\", pid)")),
            );
        };
        let ExprKind::Str(bytes) = &first.kind else {
            self.expr(first);
            return self.fail(
                Diagnostic::error(
                    format!("{name}()'s format must be a string literal"),
                    first.span.clone(),
                )
                .with_label("not a string literal"),
            );
        };
        let format = String::from_utf8_lossy(bytes).into_owned();
        let pieces = match printf_format::parse(&format) {
            Ok(p) => p,
            Err(err) => {
                return self.fail(
                    Diagnostic::error(format!("{name}: {}", err.message), first.span.clone())
                        .with_label("in this format")
                        .with_hint("conversions: %d %i %u %x %X %o %c %s %p %r %rx %rh %%"),
                );
            }
        };
        let conversions: Vec<char> = printf_format::conversions(&pieces)
            .map(|c| c.conv)
            .collect();
        let values = &args[1..];
        let mut kinds = Vec::new();
        let mut ok = true;
        for (value, conv) in values.iter().zip(
            conversions
                .iter()
                .copied()
                .map(Some)
                .chain(std::iter::repeat(None)),
        ) {
            self.record_values.insert(value.id);
            let Some(t) = self.value_expr(value) else {
                ok = false;
                continue;
            };
            if matches!(t, Type::Tuple(_)) {
                self.error(
                    Diagnostic::error(format!("{name} cannot format a tuple"), value.span.clone())
                        .with_label("a tuple")
                        .with_hint("print($t) prints a tuple, or printf its elements: $t.0, $t.1"),
                );
                ok = false;
                continue;
            }
            if let Some(conv) = conv
                && let Some(d) = conversion_mismatch(name, conv, t, value)
            {
                self.error(d);
                ok = false;
            }
            // An enum's value carries its enumerators: `%s` names it.
            kinds.extend(self.slot_kind(t, value));
        }
        if values.len() != conversions.len() {
            let d = Diagnostic::error(
                format!(
                    "{name}: the format has {} conversion{} but {} argument{} given",
                    conversions.len(),
                    if conversions.len() == 1 { "" } else { "s" },
                    values.len(),
                    if values.len() == 1 { " is" } else { "s are" },
                ),
                e.span.clone(),
            )
            .with_label("argument count does not match the format");
            return self.fail(d);
        }
        ok.then_some((pieces, kinds))
    }

    /// `debugf(format, args...)`: printf's checks, then bpf_trace_printk's
    /// limits (as bpftrace 0.27.1 has them): `%d %u %x %s %p` (with `l`
    /// or `ll`, flags and widths) and at most 3 of them. The format goes to
    /// codegen as the call's text; the kernel formats the line.
    pub(super) fn debugf(&mut self, e: &Expr, args: &[Expr]) -> Option<Type> {
        let (pieces, _) = self.format_call(e, args, "debugf")?;
        let format = args.first()?;
        for c in printf_format::conversions(&pieces) {
            let short = matches!(c.narrow_bits, Some(8 | 16));
            if !matches!(c.conv, 'd' | 'u' | 'x' | 's' | 'p') || short {
                let conv = if short {
                    "h".to_string()
                } else {
                    c.conv.to_string()
                };
                return self.fail(
                    Diagnostic::error(
                        format!("invalid format specifier for `debugf`: {conv}"),
                        format.span.clone(),
                    )
                    .with_label("bpf_trace_printk cannot format it")
                    .with_hint("debugf takes %d %u %x %s %p, with l or ll"),
                );
            }
        }
        if printf_format::conversions(&pieces).count() > 3 {
            return self.fail(
                Diagnostic::error(
                    "debugf() cannot use more than 3 conversion specifiers",
                    e.span.clone(),
                )
                .with_label("bpf_trace_printk takes 3 arguments")
                .with_hint("split it into several debugf() calls, or use printf()"),
            );
        }
        self.warn(
            Diagnostic::warning(
                "the debugf() builtin is not recommended for production use",
                e.span.clone(),
            )
            .with_label("writes to the kernel's trace buffer")
            .with_hint(
                "for more information see bpf_trace_printk in bpf-helpers(7); read the lines in /sys/kernel/tracing/trace_pipe",
            ),
        );
        if let ExprKind::Str(bytes) = &format.kind {
            let mut text = bytes.clone();
            text.push(0);
            self.note_text(e, text);
        }
        Some(Type::Void)
    }

    /// Gives the call site its record id (in the final, strict pass).
    pub(super) fn register_printf(
        &mut self,
        call: &Expr,
        pieces: Vec<FormatPiece>,
        args: Vec<ValueKind>,
    ) {
        if self.strict {
            let id = self.analysis.printfs.len() as u64;
            self.analysis.printf_ids.insert(call.id, id);
            self.analysis.printfs.push(PrintfSpec { pieces, args });
        }
    }
}
