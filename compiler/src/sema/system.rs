//! Functions whose value comes from the system, not from the probe:
//! `reg("name")` (where pt_regs keeps a register), `cgroupid(path)` (read
//! when the script compiles), and `syscall_name(id)` / `strerror(errno)`
//! (numbers user space names).

use super::{CallInfo, Checker};
use crate::ast::Expr;
use crate::builtins::Function;
use crate::diag::{Diagnostic, nearest};
use crate::probes::ContextKind;
use crate::types::Type;

impl Checker<'_> {
    /// The one string literal argument of `name()`.
    fn one_literal(&mut self, e: &Expr, args: &[Expr], name: &str, usage: &str) -> Option<String> {
        match args {
            [arg] => self.string_literal(arg, &format!("{name}()'s argument"), usage),
            _ => self.fail(
                Diagnostic::error(
                    format!("{name}() takes 1 argument but got {}", args.len()),
                    e.span.clone(),
                )
                .with_label("wrong number of arguments")
                .with_hint(usage.to_string()),
            ),
        }
    }

    /// `reg("ip")`: the register's offset in pt_regs, for codegen.
    pub(super) fn reg(&mut self, e: &Expr, args: &[Expr]) -> Option<Type> {
        let name = self.one_literal(
            e,
            args,
            "reg",
            "usage: reg(\"ip\"), reg(\"sp\"), reg(\"di\")",
        )?;
        let Some(offset) = crate::kernel::regs::offset(&name) else {
            let mut d = Diagnostic::error(
                format!("there is no register '{name}'"),
                args[0].span.clone(),
            )
            .with_label("not an x86-64 register name");
            if let Some(n) = nearest(&name, crate::kernel::regs::names()) {
                d = d.with_hint(format!("did you mean '{n}'?"));
            }
            return self.error(d);
        };
        let probe = &self.probes[self.current];
        if let Some(a) = probe.attaches.iter().find(|a| {
            !matches!(
                ContextKind::of(a),
                ContextKind::Regs { .. } | ContextKind::Usdt
            )
        }) {
            return self.error(
                Diagnostic::error(
                    format!("reg() is not available in {}", a.name()),
                    e.span.clone(),
                )
                .with_label("only in kprobe, kretprobe, uprobe, uretprobe and usdt probes"),
            );
        }
        self.constant(e, u64::from(offset))
    }

    /// `cgroupid("/sys/fs/cgroup/...")`: the directory's id, now.
    pub(super) fn cgroupid(&mut self, e: &Expr, args: &[Expr]) -> Option<Type> {
        let path = self.one_literal(
            e,
            args,
            "cgroupid",
            "usage: cgroupid(\"/sys/fs/cgroup/system.slice\")",
        )?;
        match self.kernel.cgroup_id(&path) {
            Ok(id) => self.constant(e, id),
            Err(reason) => self.error(
                Diagnostic::error(reason, args[0].span.clone())
                    .with_label("cgroupid() reads it when the script compiles"),
            ),
        }
    }

    /// Records that call `e` is the constant `value`.
    fn constant(&mut self, e: &Expr, value: u64) -> Option<Type> {
        if self.strict {
            self.analysis
                .calls
                .insert((e.span.start, e.span.end), CallInfo::Constant(value));
        }
        Some(Type::Int { signed: false })
    }

    /// `syscall_name(id)`, `strerror(errno)`: a number user space names.
    pub(super) fn named_number(
        &mut self,
        e: &Expr,
        function: Function,
        args: &[Expr],
    ) -> Option<Type> {
        let (name, usage, what, ty) = if function == Function::Strerror {
            (
                "strerror",
                "strerror(EPERM), strerror(-args.ret)",
                "strerror() takes an errno",
                Type::Strerror,
            )
        } else {
            (
                "syscall_name",
                "syscall_name(args.id)",
                "syscall_name() takes a system call number",
                Type::SyscallName,
            )
        };
        let [number] = args else {
            return self.error(
                Diagnostic::error(format!("{name}() takes one argument"), e.span.clone())
                    .with_label("wrong number of arguments")
                    .with_hint(format!("usage: {usage}")),
            );
        };
        self.expect_int(number, what, "not an integer", usage)?;
        Some(ty)
    }
}
