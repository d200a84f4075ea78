//! Functions whose value comes from the system, not from the probe:
//! `reg("name")` (where pt_regs keeps a register), `cgroupid(path)` (read
//! when the script compiles), and `syscall_name(id)` / `strerror(errno)`
//! (numbers user space names).

use super::CallInfo;
use super::checker::Checker;
use super::functions::Clock;
use crate::ast::{Expr, ExprKind};
use crate::builtins::Builtin;
use crate::builtins::Function;
use crate::diag::{Diagnostic, nearest};
use crate::probes::ContextKind;
use crate::types::Type;

impl Checker<'_> {
    /// The one string literal argument of `name()`.
    fn one_literal(&mut self, args: &[Expr], name: &str, usage: &str) -> Option<String> {
        match args {
            [arg] => self.string_literal(arg, &format!("{name}()'s argument"), usage),
            // The declaration has counted the arguments.
            _ => None,
        }
    }

    /// `reg("ip")`: the register's offset in pt_regs, for codegen.
    pub(super) fn reg(&mut self, e: &Expr, args: &[Expr]) -> Option<Type> {
        let name = self.one_literal(args, "reg", "usage: reg(\"ip\"), reg(\"sp\"), reg(\"di\")")?;
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
        self.constant(e, u64::from(offset))
    }

    /// `usermode`: read from pt_regs' `cs` where the context has registers
    /// (uprobes, USDT, perf events); as bpftrace folds it elsewhere, 1 in
    /// BEGIN/END and 0 where the probe always runs in the kernel
    /// (tracepoints, fentry).
    pub(super) fn usermode(&mut self, e: &Expr) -> Option<Type> {
        let answers: Vec<Option<u64>> = self.probes[self.current]
            .attaches
            .iter()
            .map(|a| match ContextKind::of(a) {
                ContextKind::Special => Some(1),
                ContextKind::Tracepoint | ContextKind::Btf { .. } | ContextKind::Iter => Some(0),
                ContextKind::Regs { .. } | ContextKind::Usdt | ContextKind::PerfEvent => None,
            })
            .collect();
        match answers.first() {
            Some(first) if answers.iter().all(|a| a == first) => {
                if let Some(v) = first {
                    self.constant(e, *v);
                }
                Some(Type::Int { signed: false })
            }
            _ => self.error(
                Diagnostic::error(
                    "usermode is read from registers in some of this probe's attach points and known in others",
                    e.span.clone(),
                )
                .with_label("here")
                .with_hint("split the probe: registers (uprobe, usdt, profile) in one, the rest in another"),
            ),
        }
    }

    /// `ctx` in an iterator: the kernel's `struct bpf_iter__TARGET *`.
    pub(super) fn iter_context(&mut self, e: &Expr) -> Option<Type> {
        let attaches = &self.probes[self.current].attaches;
        let offered = attaches
            .iter()
            .all(|a| super::probe_context::offers(Builtin::Ctx.decl().probes, a));
        // The declaration says iterators; one kind of them is this check's.
        let targets: Vec<&str> = attaches
            .iter()
            .map(|a| match a {
                crate::script::Attach::Iter { target } => target.as_str(),
                _ => "",
            })
            .collect();
        let target = match targets.as_slice() {
            [t, rest @ ..] if offered && !t.is_empty() && rest.iter().all(|r| r == t) => {
                t.to_string()
            }
            _ => {
                return self.error(
                    Diagnostic::error(
                        "ctx is available only in iter probes in Sonde, one iterator kind per probe",
                        e.span.clone(),
                    )
                    .with_label("no iterator context here")
                    .with_hint("iter:task { printf(\"%d\\n\", ctx->task->pid); }"),
                );
            }
        };
        let name = crate::probes::iter::context_struct(&target);
        match self.kernel.kernel_types() {
            Ok(types) => match types.record_by_name(&name, false) {
                Some(id) => Some(Type::KernelPtr(id)),
                None => self.error(
                    Diagnostic::error(
                        format!("the kernel's BTF has no struct {name}"),
                        e.span.clone(),
                    )
                    .with_label("ctx needs it"),
                ),
            },
            Err(reason) => self.error(
                Diagnostic::error(format!("ctx needs kernel types: {reason}"), e.span.clone())
                    .with_label("here"),
            ),
        }
    }

    /// `path(ctx->file->f_path)`: bpf_d_path takes a `struct path` the
    /// verifier knows by its BTF type, which only a pointer loaded from an
    /// iterator's context gives here; so that is the one form accepted.
    pub(super) fn path_call(&mut self, e: &Expr, args: &[Expr]) -> Option<Type> {
        const USAGE: &str = "path(ctx->file->f_path), in an iter probe";
        let wrong = |checker: &mut Self, span: crate::ast::Span, what: &str| {
            checker.error(
                Diagnostic::error(
                    format!("path() takes a struct path member of a pointer in ctx: {what}"),
                    span,
                )
                .with_label("not ctx->POINTER->PATH")
                .with_hint(USAGE),
            )
        };
        // The declaration has counted the arguments and the probes.
        let [arg] = args else {
            return None;
        };
        let t = self.expr(arg)?;
        let ExprKind::Field { base, .. } = &arg.kind else {
            return wrong(self, arg.span.clone(), "this is not a member");
        };
        let ExprKind::Field { base: root, .. } = &base.kind else {
            return wrong(self, arg.span.clone(), "not a member of a member of ctx");
        };
        if !matches!(&root.kind, ExprKind::Builtin(Builtin::Ctx)) {
            return wrong(self, arg.span.clone(), "not read from ctx");
        }
        let (Some(pointer), Some(member)) = (
            self.analysis.member_read(base),
            self.analysis.member_read(arg),
        ) else {
            return None;
        };
        let is_path = match (t, self.kernel.kernel_types()) {
            (Type::KernelRecord(id), Ok(types)) => types.record_by_name("path", false) == Some(id),
            _ => false,
        };
        if pointer.kind != crate::btf_access::MemberKind::Pointer
            || member.kind != crate::btf_access::MemberKind::Embedded
            || !is_path
        {
            return wrong(self, arg.span.clone(), "this is not a struct path");
        }
        self.note_call(
            e,
            CallInfo::Path {
                pointer: pointer.offset,
                member: member.offset,
            },
        );
        Some(Type::Str)
    }

    /// `kfunc_exist("name")`: whether the kernel's BTF has the function,
    /// answered as the script compiles.
    pub(super) fn kfunc_exist(&mut self, e: &Expr, args: &[Expr]) -> Option<Type> {
        let name = self.one_literal(
            args,
            "kfunc_exist",
            "usage: kfunc_exist(\"bpf_task_acquire\")",
        )?;
        let exists = self
            .kernel
            .kernel_types()
            .is_ok_and(|types| types.function(&name).is_some());
        self.constant(e, u64::from(exists))
    }

    /// `cgroupid("/sys/fs/cgroup/...")`: the directory's id, now.
    pub(super) fn cgroupid(&mut self, e: &Expr, args: &[Expr]) -> Option<Type> {
        let path = self.one_literal(
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

    /// `nsecs(monotonic)`, `nsecs(boot)`, `nsecs(tai)`, `nsecs(sw_tai)`:
    /// nanoseconds of that clock; `nsecs()` is `nsecs`, CLOCK_BOOTTIME.
    pub(super) fn nsecs_clock(&mut self, e: &Expr, args: &[Expr]) -> Option<Type> {
        const CLOCKS: [&str; 4] = ["monotonic", "boot", "tai", "sw_tai"];
        let clock = match args {
            [] => Clock::Boot,
            [
                Expr {
                    kind: ExprKind::Ident(name),
                    ..
                },
            ] if CLOCKS.contains(&name.as_str()) => match name.as_str() {
                "boot" => Clock::Boot,
                "tai" => Clock::Tai,
                "sw_tai" => Clock::SwTai {
                    offset_ns: tai_offset_ns(),
                },
                _ => Clock::Monotonic,
            },
            _ => {
                let at = args.first().map_or(e.span.clone(), |a| a.span.clone());
                return self.error(
                    Diagnostic::error("nsecs() takes at most one clock name", at)
                        .with_label("not a clock")
                        .with_hint(format!("the clocks are {}", CLOCKS.join(", "))),
                );
            }
        };
        self.note_call(e, CallInfo::Clock(clock));
        Some(Type::Int { signed: false })
    }

    /// Records that call `e` is the constant `value`.
    fn constant(&mut self, e: &Expr, value: u64) -> Option<Type> {
        self.note_call(e, CallInfo::Constant(value));
        Some(Type::Int { signed: false })
    }

    /// `syscall_name(id)`, `strerror(errno)`: a number user space names.
    pub(super) fn named_number(&mut self, function: Function, args: &[Expr]) -> Option<Type> {
        let decl = function.decl();
        let what = if function == Function::Strerror {
            "strerror() takes an errno"
        } else {
            "syscall_name() takes a system call number"
        };
        // The declaration has counted the arguments.
        let [number] = args else {
            return None;
        };
        // The call's type is the declaration's (a name user space looks up).
        self.expect_int(number, what, "not an integer", decl.usage)
    }
}

/// CLOCK_TAI minus CLOCK_MONOTONIC now, in nanoseconds.
fn tai_offset_ns() -> u64 {
    let now = |clock| {
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: clock_gettime writes the timespec it is given.
        unsafe { libc::clock_gettime(clock, &mut ts) };
        (ts.tv_sec as u64)
            .wrapping_mul(1_000_000_000)
            .wrapping_add(ts.tv_nsec as u64)
    };
    now(libc::CLOCK_TAI).wrapping_sub(now(libc::CLOCK_MONOTONIC))
}
