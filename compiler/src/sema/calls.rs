//! Function calls: the dispatch by function, arity, and the simple calls
//! (`str`, `exit`, `strncmp`/`memcmp`).

use super::checker::Checker;
use super::functions::CallInfo;
use super::positional::positional_text;
use crate::ast::*;
use crate::builtins::{Function, FunctionDecl, ProbeRule, Returns};
use crate::diag::{Diagnostic, nearest};
use crate::types::Type;

impl Checker<'_> {
    /// `name(args)`: checked against the function's declaration (`--unsafe`,
    /// the number of arguments, the probes it is allowed in), then by its own
    /// check; the declaration's type rule gives the call's type.
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
        let decl = function.decl();
        if let Some(refusal) = self.refusal(e, &decl, args) {
            return self.error(refusal);
        }
        let checked = self.check_call(e, function, &decl, args);
        match decl.returns {
            Returns::Always(t) => checked.map(|_| t),
            Returns::Checked => checked,
        }
    }

    /// What the declaration alone refuses of a call.
    pub(super) fn refusal(
        &mut self,
        e: &Expr,
        decl: &FunctionDecl,
        args: &[Expr],
    ) -> Option<Diagnostic> {
        let name = decl.name;
        if decl.is_unsafe && !self.allow_unsafe {
            // The arguments' own errors are still worth reporting.
            for a in args {
                if !matches!(a.kind, ExprKind::TypeName { .. }) {
                    self.expr(a);
                }
            }
            return Some(
                Diagnostic::error(
                    format!("{name}() is unsafe and is refused without --unsafe"),
                    e.span.clone(),
                )
                .with_label("an unsafe function")
                .with_hint(
                    "pass --unsafe to allow it: sonde --unsafe ... (signal() and system() reach outside the traced programs)",
                ),
            );
        }
        if !decl.arity.accepts(args.len()) {
            return Some(
                Diagnostic::error(
                    format!(
                        "{name}() takes {} but got {}",
                        decl.arity.describe(),
                        args.len()
                    ),
                    e.span.clone(),
                )
                .with_label("wrong number of arguments")
                .with_hint(format!("usage: {}", decl.usage)),
            );
        }
        let probe = &self.probes[self.current];
        let refused = probe
            .attaches
            .iter()
            .find(|a| !super::probe_context::offers(decl.probes, a))?;
        let a = refused.name();
        Some(match decl.probes {
            ProbeRule::TracedProcess => Diagnostic::error(
                format!("{name}() cannot be used in {a}"),
                e.span.clone(),
            )
            .with_label("no traced process to signal here")
            .with_hint("signal() signals the process a probe fires in: use it in tracepoints, kprobes, uprobes, USDT or profile probes"),
            ProbeRule::Iterators => Diagnostic::error(
                format!("{name}() is available only in iter probes"),
                e.span.clone(),
            )
            .with_label("not in an iterator")
            .with_hint(
                "bpf_d_path is allowed in iterators; on this kernel fentry programs, where bpftrace also has it, do not load",
            ),
            ProbeRule::Registers => Diagnostic::error(
                format!("{name}() is not available in {a}"),
                e.span.clone(),
            )
            .with_label("only in kprobe, kretprobe, uprobe, uretprobe and usdt probes"),
            ProbeRule::ProbeBinary => Diagnostic::error(
                format!("{name}() is not available in {a}"),
                e.span.clone(),
            )
            .with_label("only in uprobe, uretprobe and usdt probes, whose binary holds the symbol"),
            // Rules of builtin variables, which no function has yet.
            ProbeRule::TracedFunction
            | ProbeRule::Arguments
            | ProbeRule::ReturnProbes
            | ProbeRule::FunctionEntry => Diagnostic::error(
                format!("{name}() is not available in {a}"),
                e.span.clone(),
            )
            .with_label("not in this kind of probe"),
            ProbeRule::Any => return None,
        })
    }

    /// Each function's own check, with its arguments already counted.
    fn check_call(
        &mut self,
        e: &Expr,
        function: Function,
        decl: &FunctionDecl,
        args: &[Expr],
    ) -> Option<Type> {
        let (name, usage) = (decl.name, decl.usage);
        match function {
            Function::Printf => self.printf(e, args),
            Function::Time => self.time(e, args),
            Function::Strncmp | Function::Memcmp => self.compare_call(function, args),
            Function::Join => self.join(e, args),
            Function::Str => self.str_call(e, args),
            Function::Exit => self.exit_call(e, args),
            Function::Delete | Function::HasKey => self.map_membership(e, function, name, args),
            Function::Find => self.find(e, args),
            Function::Fail => self.fail_call(e, args),
            Function::StaticAssert => self.static_assert(e, args),
            Function::IsArray
            | Function::IsInteger
            | Function::IsLiteral
            | Function::IsPtr
            | Function::IsStr
            | Function::IsUnsignedInteger => self.type_test(e, function, args),
            Function::Assert => self.assert_call(e, args),
            Function::AssertStr => self.assert_str(&args[0], usage),
            Function::Kptr | Function::Uptr => self.address_space(function, args),
            Function::IsErr => self.is_err(&args[0], usage),
            Function::Count
            | Function::Sum
            | Function::Avg
            | Function::Min
            | Function::Max
            | Function::Stats
            | Function::Hist
            | Function::Lhist
            | Function::Tseries => {
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
            Function::Kstack | Function::Ustack | Function::DwUstack => self.stack_call(
                e,
                function != Function::Kstack,
                function == Function::DwUstack,
                args,
            ),
            Function::Ksym | Function::Usym => self.symbol_call(function == Function::Usym, args),
            Function::Kaddr => self.kaddr(e, args),
            Function::PercpuKaddr => self.percpu_kaddr(e, args, usage),
            Function::Uaddr => self.uaddr(e, args),
            Function::Strerror | Function::SyscallName => self.named_number(function, args),
            Function::SignalName => self
                .integer_argument(&args[0], name, usage)
                .map(|_| Type::Str),
            Function::Strftime => {
                let info = self.strftime(args, usage);
                self.noted(e, info)
            }
            Function::CgroupPath => {
                let info = self.cgroup_path(args, usage);
                self.noted(e, info)
            }
            Function::System | Function::Cat | Function::Errorf | Function::Warnf => {
                self.format_function(e, function, name, args)
            }
            Function::Pton => self.pton(e, &args[0], usage),
            Function::Ntop => {
                let info = self.ntop(args, usage);
                self.noted(e, info)
            }
            Function::Macaddr => {
                let info = self.macaddr(&args[0], usage);
                self.noted(e, info)
            }
            Function::Buf => {
                let info = self.buf(e, args, usage);
                self.noted(e, info)
            }
            Function::Bswap => self.bswap(e, &args[0], name, usage),
            Function::Strcontains | Function::Strstr => {
                self.string_search(e, function, name, args, usage)
            }
            Function::Strlen => self.strlen(e, &args[0], name, usage),
            Function::Strcap => self.strcap(e, &args[0], name, usage),
            Function::StrConcat => self.str_concat(e, args, name, usage),
            Function::SignalNum => self.signal_num(e, &args[0], usage),
            Function::Signal | Function::SignalThread => {
                let info = self.signal(&args[0], usage);
                self.noted(e, info)
            }
            Function::Sizeof => {
                let info = self
                    .size_of(&args[0])
                    .map(|n| CallInfo::Constant(u64::from(n)));
                self.noted(e, info)
            }
            Function::Offsetof => {
                let info = self.offset_of(&args[0], &args[1], usage);
                self.noted(e, info)
            }
            Function::ContainerOf => self.container_of(e, args, usage),
            Function::Getopt => self.getopt(e, args),
            Function::Config => self.config_record(e),
            Function::Debugf => self.debugf(e, args),
            Function::Reg => self.reg(e, args),
            Function::Cgroupid => self.cgroupid(e, args),
            Function::KfuncExist => self.kfunc_exist(e, args),
            Function::Path => self.path_call(e, args),
            Function::Nsecs => self.nsecs_clock(e, args),
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
        let d = if let Some(builtin) = crate::builtins::Builtin::from_name(name) {
            use crate::builtins::Builtin;
            let word = builtin.name();
            let takes = match builtin {
                Builtin::Pid | Builtin::Tid => format!(": {word}(init), {word}(curr_ns)"),
                Builtin::Ppid | Builtin::Pcomm | Builtin::LeaderTid | Builtin::LeaderComm => {
                    format!(" or a task: {word}(curtask)")
                }
                _ => String::new(),
            };
            let mut d = Diagnostic::error(
                format!("the builtin {word} takes no arguments{takes}"),
                name_span.clone(),
            )
            .with_label("a builtin variable, not a function of these arguments");
            if builtin == Builtin::Comm {
                d = d.with_hint(
                    "bpftrace's comm(pid) reads another process's name through the bpf_task_from_pid kfunc, which Sonde does not call",
                );
            }
            d
        } else if name == "typeof" {
            Diagnostic::error("typeof(x) is a type, not a value", name_span.clone())
                .with_label("a type")
                .with_hint("cast to it, (typeof($x))v, or take its size, sizeof(typeof($x))")
        } else if Function::is_planned(name) {
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
    fn str_call(&mut self, e: &Expr, args: &[Expr]) -> Option<Type> {
        // str($1): the argument's text, whatever it looks like;
        // str($1 + K) skips K bytes of it. A parameter not given is
        // "", as in bpftrace. Codegen reads the text, as `CallInfo::Text`.
        if let Some((index, skip)) = positional_text(args) {
            let text = self
                .positional
                .get(index - 1)
                .map_or(&[][..], |t| t.as_bytes());
            let len = text.len();
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
            let text = text.get(skip as usize..).unwrap_or(&[]);
            let kept = text.len().min(self.string_size as usize - 1);
            let text = text[..kept].to_vec();
            self.note_text(e, text);
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
    fn exit_call(&mut self, e: &Expr, args: &[Expr]) -> Option<Type> {
        // bpftrace 0.27 makes exit() a return, and refuses it in a for
        // loop's body (its message: "'return' statement is not allowed in a
        // for-loop"); a script it refuses should not mean something here.
        if self.loops.contains(&super::loops::LoopKind::For) {
            return self.error(
                Diagnostic::error("exit() is not allowed in a for loop's body", e.span.clone())
                    .with_label("inside a for loop")
                    .with_hint("as in bpftrace: set a variable, break, and call exit() after the loop; return leaves the probe from inside the loop"),
            );
        }
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
