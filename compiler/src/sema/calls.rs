//! Function calls: the dispatch by function, arity, and the simple calls
//! (`str`, `exit`, `strncmp`/`memcmp`).

use super::checker::Checker;
use super::positional::positional_text;
use crate::ast::*;
use crate::builtins::Function;
use crate::diag::{Diagnostic, nearest};
use crate::types::Type;

/// "1 argument", "1 or 2 arguments", "0 to 3 arguments".
pub(super) fn plural_args(min: usize, max: usize) -> String {
    let n = |k: usize| format!("{k} argument{}", if k == 1 { "" } else { "s" });
    match (min, max) {
        (a, b) if a == b => n(a),
        (a, b) if b == a + 1 => format!("{a} or {}", n(b)),
        (a, b) => format!("{a} to {}", n(b)),
    }
}

impl Checker<'_> {
    /// `name(args)`: dispatched to the function's own check (some have
    /// their number of arguments checked here first).
    pub(super) fn call(
        &mut self,
        e: &Expr,
        name: &str,
        name_span: &Span,
        args: &[Expr],
    ) -> Option<Type> {
        let Some(function) = Function::from_name(name) else {
            return self.unknown_function(name, name_span, args);
        };
        let arity = |min: usize, max: usize, usage: &str| -> Option<Diagnostic> {
            (args.len() < min || args.len() > max).then(|| {
                Diagnostic::error(
                    format!(
                        "{name}() takes {} but got {}",
                        plural_args(min, max),
                        args.len()
                    ),
                    e.span.clone(),
                )
                .with_label("wrong number of arguments")
                .with_hint(format!("usage: {usage}"))
            })
        };
        match function {
            Function::Printf => self.printf(e, args),
            Function::Time => match arity(0, 1, "time([\"%H:%M:%S\\n\"])") {
                Some(d) => self.error(d),
                None => self.time(e, args),
            },
            Function::Strncmp => match arity(3, 3, "strncmp(s1, s2, n)") {
                Some(d) => self.error(d),
                None => self.compare_call(function, args),
            },
            Function::Memcmp => match arity(3, 3, "memcmp(s1, s2, n)") {
                Some(d) => self.error(d),
                None => self.compare_call(function, args),
            },
            Function::Join => match arity(1, 2, "join(args.argv[, \" \"])") {
                Some(d) => self.error(d),
                None => self.join(e, args),
            },
            Function::Str => match arity(1, 2, "str(pointer[, length])") {
                Some(d) => self.error(d),
                None => self.str_call(args),
            },
            Function::Exit => match arity(0, 1, "exit() or exit(code)") {
                Some(d) => self.error(d),
                None => self.exit_call(args),
            },
            Function::Delete | Function::HasKey => self.map_membership(e, function, name, args),
            Function::Find => self.find(e, args),
            Function::Fail => self.fail_call(e, args),
            Function::StaticAssert => self.static_assert(e, args),
            Function::TypeTest(test) => self.type_test(e, name, test, args),
            Function::Assert => self.assert_call(e, args),
            Function::Kptr | Function::Uptr => self.address_space(e, function, args),
            f if f.is_aggregation() => {
                for a in args {
                    self.expr(a);
                }
                self.error(
                    Diagnostic::error(
                        format!("{name}() can only be assigned to a map"),
                        e.span.clone(),
                    )
                    .with_label("an aggregation")
                    .with_hint(format!(
                        "write @name = {name}(...) or @name[key] = {name}(...)"
                    )),
                )
            }
            Function::Len => self.len_call(e, args),
            Function::Clear | Function::Zero | Function::Print => {
                self.map_function(e, function, name, args)
            }
            Function::Kstack | Function::Ustack => {
                self.stack_call(e, function == Function::Ustack, args)
            }
            Function::Ksym | Function::Usym => {
                self.symbol_call(e, function == Function::Usym, args)
            }
            Function::Kaddr => self.kaddr(e, args),
            Function::Strerror | Function::SyscallName => self.named_number(e, function, args),
            Function::Uaddr => self.uaddr(e, args),
            Function::Strftime
            | Function::Ntop
            | Function::Macaddr
            | Function::Buf
            | Function::Bswap
            | Function::Strcontains
            | Function::Strstr
            | Function::Strlen
            | Function::Signal
            | Function::SignalThread
            | Function::System
            | Function::Cat
            | Function::Sizeof
            | Function::Offsetof
            | Function::Errorf
            | Function::Warnf
            | Function::CgroupPath => self.function(e, function, name, args),
            Function::Getopt => self.getopt(e, args),
            Function::Reg => self.reg(e, args),
            Function::Cgroupid => self.cgroupid(e, args),
            Function::Path => self.path_call(e, args),
            Function::Nsecs => self.nsecs_clock(e, args),
            _ => self.error(Diagnostic::error(
                format!("{name}() is not handled"),
                e.span.clone(),
            )),
        }
    }

    /// The text of a string-literal argument, or a diagnostic naming `what`.
    pub(super) fn string_literal(&mut self, arg: &Expr, what: &str, usage: &str) -> Option<String> {
        if let ExprKind::Str(bytes) = &arg.kind {
            return Some(String::from_utf8_lossy(bytes).into_owned());
        }
        self.expr(arg);
        self.error(
            Diagnostic::error(format!("{what} must be a string literal"), arg.span.clone())
                .with_label("not a string literal")
                .with_hint(usage),
        );
        None
    }

    /// `strncmp(s1, s2, n)`: 0 if the strings agree in their first n bytes
    /// (n a literal, as in bpftrace), else 1.
    /// `strncmp(s1, s2, n)` and `memcmp(s1, s2, n)`: two strings and a
    /// literal length; strncmp is 0 or 1, memcmp a signed difference.
    fn compare_call(&mut self, function: Function, args: &[Expr]) -> Option<Type> {
        let [s1, s2, n] = args else {
            return None;
        };
        let (name, usage) = if function == Function::Memcmp {
            ("memcmp", "usage: memcmp(s1, s2, n)")
        } else {
            ("strncmp", "usage: strncmp(comm, \"bash\", 4)")
        };
        let mut ok = true;
        for s in [s1, s2] {
            match self.value_expr(s) {
                Some(Type::Str) => {}
                Some(other) => {
                    ok = false;
                    self.error(
                        Diagnostic::error(
                            format!(
                                "{name}() compares strings, this is {}",
                                other.describe_with_article()
                            ),
                            s.span.clone(),
                        )
                        .with_label("not a string")
                        .with_hint(usage),
                    );
                }
                None => ok = false,
            }
        }
        if !matches!(n.kind, ExprKind::Int(_)) {
            self.expr(n);
            return self.error(
                Diagnostic::error(
                    format!("{name}()'s length must be an integer literal"),
                    n.span.clone(),
                )
                .with_label("not a literal")
                .with_hint(usage),
            );
        }
        ok.then_some(Type::Int {
            signed: function == Function::Memcmp,
        })
    }

    /// A call of a function Sonde does not know (or not yet): its arguments
    /// are checked all the same.
    fn unknown_function(&mut self, name: &str, name_span: &Span, args: &[Expr]) -> Option<Type> {
        let d = if Function::is_planned(name) {
            Diagnostic::error(
                format!("the function '{name}' is not supported by Sonde yet"),
                name_span.clone(),
            )
            .with_label("not available yet")
        } else {
            let mut d = Diagnostic::error(format!("unknown function '{name}'"), name_span.clone())
                .with_label("not a function");
            if let Some(n) = nearest(name, Function::names()) {
                d = d.with_hint(format!("did you mean '{n}'?"));
            }
            d
        };
        for a in args {
            self.expr(a);
        }
        self.error(d)
    }

    /// `str(pointer[, length])`, and `str($N)`: a positional parameter's text.
    fn str_call(&mut self, args: &[Expr]) -> Option<Type> {
        // str($1): the argument's text, whatever it looks like;
        // str($1 + K) skips K bytes of it. A parameter not given is
        // "", as in bpftrace.
        if let Some((index, skip)) = positional_text(args) {
            let len = self.positional.get(index - 1).map_or(0, String::len);
            if skip > len as u64 {
                return self.error(
                    Diagnostic::error(
                        format!(
                            "str(${index} + {skip}) starts past the end of ${index} ({len} bytes)"
                        ),
                        args[0].span.clone(),
                    )
                    .with_label("past the end")
                    .with_hint(format!("add at most {len}")),
                );
            }
            return Some(Type::Str);
        }
        for a in args {
            let t = self.expr(a)?;
            if !t.is_int() {
                return self.error(
                    Diagnostic::error(
                        format!("str() needs an address, not {}", t.describe_with_article()),
                        a.span.clone(),
                    )
                    .with_label("not a pointer or integer"),
                );
            }
        }
        Some(Type::Str)
    }

    /// `exit()` or `exit(code)`.
    fn exit_call(&mut self, args: &[Expr]) -> Option<Type> {
        if let Some(a) = args.first() {
            let t = self.expr(a)?;
            if !t.is_int() {
                return self.error(
                    Diagnostic::error("exit() takes an integer exit code", a.span.clone())
                        .with_label(format!("this is {}", t.describe_with_article())),
                );
            }
        }
        Some(Type::Void)
    }
}
