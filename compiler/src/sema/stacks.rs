//! Stacks and symbols: `kstack` / `ustack` with their mode and limit,
//! `ksym(addr)`, `usym(addr)`, `kaddr("name")` and `uaddr("name")`.

use super::checker::{Checker, constant_int};
use crate::ast::{Expr, ExprKind};
use crate::diag::{Diagnostic, nearest};
use crate::script::{Attach, DEFAULT_STACK_LIMIT, MAX_STACK_LIMIT, StackMode, StackType, Unwind};
use crate::types::Type;

/// What `uaddr("NAME")` evaluates to in one probe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolAddress {
    /// The symbol's link-time address: an `ET_EXEC` binary is loaded there.
    Fixed(u64),
    /// A position-independent binary (PIE or library) is loaded anywhere: the
    /// address of the probe's breakpoint when it fires (`bpf_get_func_ip`,
    /// the function's entry in a uretprobe too) less its link-time address
    /// `probe`, plus the symbol's link-time address.
    Relative { probe: u64, symbol: u64 },
}

impl Checker<'_> {
    /// `kstack` / `ustack` without arguments: the configured mode, 127 frames.
    pub(super) fn stack_builtin(&mut self, user: bool, e: &Expr) -> Option<Type> {
        if !user && self.stack_mode == StackMode::BuildId {
            return self.error(kernel_build_id(e));
        }
        let st = StackType {
            user,
            mode: self.stack_mode,
            limit: DEFAULT_STACK_LIMIT,
            unwind: self.unwind_for(user, false, e),
        };
        self.note_stack(st, e);
        Some(Type::Stack(st))
    }

    /// `kstack(mode)`, `kstack(limit)`, `kstack(mode, limit)` (and `ustack`):
    /// the mode a bare word (bpftrace, perf, raw, srcline, build_id), the
    /// limit an integer literal.
    pub(super) fn stack_call(
        &mut self,
        e: &Expr,
        user: bool,
        dwarf: bool,
        args: &[Expr],
    ) -> Option<Type> {
        let name = match (user, dwarf) {
            (true, true) => "dw_ustack",
            (true, false) => "ustack",
            _ => "kstack",
        };
        let usage = format!("{name}, {name}(perf), {name}(8) or {name}(raw, 8)");
        let is_mode = |a: &Expr| a.word().is_some() || matches!(a.kind, ExprKind::Str(_));
        let (mode_arg, limit_arg) = match args {
            [] => (None, None),
            [a] if is_mode(a) => (Some(a), None),
            [a] => (None, Some(a)),
            [a, b] => (Some(a), Some(b)),
            _ => (None, None),
        };
        let mut mode = self.stack_mode;
        if let Some(a) = mode_arg {
            let problem = match (&a.kind, a.word()) {
                (_, Some(word)) => match StackMode::from_name(&word) {
                    Some(m) => {
                        mode = m;
                        None
                    }
                    None => {
                        let mut d = Diagnostic::error(
                            format!("unknown stack mode '{word}'"),
                            a.span.clone(),
                        )
                        .with_label("not a stack mode");
                        if let Some(n) = nearest(&word, StackMode::NAMES.iter().copied()) {
                            d = d.with_hint(format!("did you mean '{n}'?"));
                        }
                        Some(d.with_hint(format!("stack modes: {}", StackMode::NAMES.join(", "))))
                    }
                },
                (ExprKind::Str(_), None) => Some(
                    Diagnostic::error("a stack mode is a bare word, not a string", a.span.clone())
                        .with_label("a string")
                        .with_hint(format!("write {name}(perf)")),
                ),
                _ => Some(
                    Diagnostic::error(
                        format!("{name}()'s first argument is a stack mode"),
                        a.span.clone(),
                    )
                    .with_label("not bpftrace, perf, raw, srcline or build_id")
                    .with_hint(format!("usage: {usage}")),
                ),
            };
            if let Some(d) = problem {
                return self.error(d);
            }
        }
        if !user && mode == StackMode::BuildId {
            return self.error(kernel_build_id(e));
        }
        let mut limit = DEFAULT_STACK_LIMIT;
        if let Some(a) = limit_arg {
            let range = format!("from 1 to {MAX_STACK_LIMIT}");
            match constant_int(a) {
                Some(n) if (1..=i64::from(MAX_STACK_LIMIT)).contains(&n) => limit = n as u32,
                Some(n) => {
                    return self.error(
                        Diagnostic::error(
                            format!("{name}()'s limit must be {range} frames, not {n}"),
                            a.span.clone(),
                        )
                        .with_label("out of range"),
                    );
                }
                None => {
                    self.expr(a);
                    return self.error(
                        Diagnostic::error(
                            format!("{name}()'s limit must be an integer literal"),
                            a.span.clone(),
                        )
                        .with_label("not a literal")
                        .with_hint(format!("usage: {usage}")),
                    );
                }
            }
        }
        let st = StackType {
            user,
            mode,
            limit,
            unwind: self.unwind_for(user, dwarf, e),
        };
        self.note_stack(st, e);
        Some(Type::Stack(st))
    }

    /// How a stack's frames are found: from CFI for a user stack that is a
    /// printf()/print() value as it is (`dw_ustack`, or `ustack` under
    /// `ustack_unwind = cfi`), else through frame pointers (a `dw_ustack`
    /// elsewhere is warned about).
    fn unwind_for(&mut self, user: bool, dwarf: bool, e: &Expr) -> Unwind {
        let wanted = user && (dwarf || self.ustack_unwind == Unwind::Cfi);
        if !wanted {
            return Unwind::FramePointers;
        }
        if self.record_values.contains(&e.id) {
            return Unwind::Cfi;
        }
        if dwarf {
            self.warn(
                Diagnostic::warning(
                    "dw_ustack is unwound from call frame information only where it is printed (a printf() or print() value as it is); here its frames are walked through frame pointers",
                    e.span.clone(),
                )
                .with_label("frame pointers here"),
            );
        }
        Unwind::FramePointers
    }

    /// Offsets of `task_struct.group_leader` and `task_struct.start_boottime`
    /// in kernel BTF: a CFI-unwound stack's copy carries its process's start
    /// time, so that user space never takes the mappings of a later process
    /// that reused the pid for it.
    fn task_start_time(&self) -> Option<(u32, u32)> {
        let types = crate::ctypes::Types::new(self.kernel.kernel_types().ok(), self.script_types);
        let task = types.record_by_name("task_struct", false)?;
        let leader = types.member(task, "group_leader")?;
        let start = types.member(task, "start_boottime")?;
        Some((leader.offset, start.offset))
    }

    /// Records a stack's limit (its frames need a map of that depth) and
    /// warns when the kernel records fewer frames than asked for.
    fn note_stack(&mut self, st: StackType, e: &Expr) {
        if !self.strict {
            return;
        }
        if st.unwind == Unwind::Cfi {
            self.analysis.unwound_stacks = true;
            if self.analysis.task_start_time.is_none() {
                self.analysis.task_start_time = self.task_start_time();
            }
            return;
        }
        self.analysis.stack_limits.insert(st.limit);
        if st.user {
            self.analysis.seen_processes = true;
            if self.analysis.task_start_time.is_none() {
                self.analysis.task_start_time = self.task_start_time();
            }
        }
        if let Some(max) = self.kernel.max_stack_frames()
            && st.limit > max
        {
            self.diags.push(
                Diagnostic::warning(
                    format!(
                        "the kernel records at most {max} frames of a stack (kernel.perf_event_max_stack); {} asks for {}",
                        st.name(),
                        st.limit
                    ),
                    e.span.clone(),
                )
                .with_label("deeper frames are not kept")
                .with_hint(format!(
                    "raise it with: sysctl kernel.perf_event_max_stack={}",
                    st.limit
                )),
            );
        }
    }

    /// `ksym(addr)` and `usym(addr)`: an address named in user space.
    pub(super) fn symbol_call(&mut self, user: bool, args: &[Expr]) -> Option<Type> {
        let name = if user { "usym" } else { "ksym" };
        // The declaration has counted the arguments.
        let [addr] = args else {
            return None;
        };
        let t = self.value_expr(addr)?;
        if !t.is_int() {
            return self.error(
                Diagnostic::error(format!("{name}() takes an address"), addr.span.clone())
                    .with_label(format!("this is {}", t.describe_with_article())),
            );
        }
        Some(if user { Type::Usym } else { Type::Ksym })
    }

    /// `kaddr("name")`: the kernel symbol's address, from /proc/kallsyms now.
    pub(super) fn kaddr(&mut self, e: &Expr, args: &[Expr]) -> Option<Type> {
        let symbol = self.symbol_name("kaddr", args)?;
        // Looked up once, in the final pass.
        if !self.strict {
            return Some(Type::Int { signed: false });
        }
        match self.kernel.kernel_symbol_address(&symbol) {
            Ok(Some(address)) => {
                self.analysis
                    .addresses
                    .insert((e.id, String::new()), SymbolAddress::Fixed(address));
                Some(Type::Int { signed: false })
            }
            Ok(None) => self.error(
                Diagnostic::error(
                    format!("the kernel has no symbol '{symbol}'"),
                    args[0].span.clone(),
                )
                .with_label("not in /proc/kallsyms"),
            ),
            Err(reason) => {
                self.error(Diagnostic::error(reason, e.span.clone()).with_label("kaddr() needs it"))
            }
        }
    }

    /// `percpu_kaddr("name"[, cpu])`: a per-CPU variable's offset and the
    /// table of each CPU's area, both from `/proc/kallsyms`, which lists
    /// them only when the kernel was built with CONFIG_KALLSYMS_ALL
    /// (bpftrace reads the variable's BTF instead; its program does not
    /// load where kallsyms lacks the symbol either).
    pub(super) fn percpu_kaddr(&mut self, e: &Expr, args: &[Expr], usage: &str) -> Option<Type> {
        let [name, rest @ ..] = args else {
            return None;
        };
        let symbol =
            self.string_literal(name, "percpu_kaddr()'s symbol", &format!("usage: {usage}"));
        if let Some(cpu) = rest.first() {
            self.integer_argument(cpu, "percpu_kaddr", usage)?;
        }
        let symbol = symbol?;
        if !self.strict {
            return Some(Type::Int { signed: false });
        }
        let lookup = |name: &str| self.kernel.kernel_symbol_address(name);
        let (address, offsets, end) = match (
            lookup(&symbol),
            lookup("__per_cpu_offset"),
            lookup("__per_cpu_end"),
        ) {
            (Ok(a), Ok(o), Ok(end)) => (a, o, end),
            (Err(reason), ..) | (_, Err(reason), _) | (.., Err(reason)) => {
                return self.error(
                    Diagnostic::error(reason, e.span.clone()).with_label("percpu_kaddr() needs it"),
                );
            }
        };
        let Some(offsets) = offsets else {
            return self.error(
                Diagnostic::error(
                    "percpu_kaddr() needs the kernel's data symbols, which /proc/kallsyms does not list here",
                    e.span.clone(),
                )
                .with_label("no __per_cpu_offset in /proc/kallsyms")
                .with_hint("the kernel was built without CONFIG_KALLSYMS_ALL, which lists variables"),
            );
        };
        let Some(address) = address else {
            return self.error(
                Diagnostic::error(
                    format!("the kernel has no symbol '{symbol}'"),
                    name.span.clone(),
                )
                .with_label("not in /proc/kallsyms"),
            );
        };
        // Per-CPU variables are listed by their offset in the per-CPU
        // area, which ends at __per_cpu_end.
        if end.is_some_and(|end| address >= end) {
            return self.error(
                Diagnostic::error(
                    format!("'{symbol}' is not a per-CPU variable"),
                    name.span.clone(),
                )
                .with_label("outside the per-CPU area")
                .with_hint("kaddr() gives the address of an ordinary variable"),
            );
        }
        let cpus = match self.kernel.possible_cpus() {
            Ok(n) => n,
            Err(reason) => {
                return self.error(
                    Diagnostic::error(format!("cannot count the CPUs: {reason}"), e.span.clone())
                        .with_label("percpu_kaddr() needs it"),
                );
            }
        };
        self.note_call(
            e,
            super::functions::CallInfo::PerCpu {
                symbol: address,
                offsets,
                cpus,
            },
        );
        Some(Type::Int { signed: false })
    }

    /// `uaddr("name")`: the address of a symbol of the probe's binary, in the
    /// process the probe fires in. Each attach point of the block may name
    /// another binary, so each gets its own program.
    pub(super) fn uaddr(&mut self, e: &Expr, args: &[Expr]) -> Option<Type> {
        let symbol = self.symbol_name("uaddr", args)?;
        self.probes[self.current].per_attach = true;
        // Looked up once, in the final pass.
        if !self.strict {
            return Some(Type::Int { signed: false });
        }
        let attaches = self.probes[self.current].attaches.clone();
        for attach in &attaches {
            let value = match self.uaddr_in(attach, &symbol) {
                Ok(v) => v,
                Err((message, label)) => {
                    return self
                        .error(Diagnostic::error(message, e.span.clone()).with_label(label));
                }
            };
            self.analysis.addresses.insert((e.id, attach.name()), value);
        }
        Some(Type::Int { signed: false })
    }

    fn uaddr_in(&self, attach: &Attach, symbol: &str) -> Result<SymbolAddress, (String, String)> {
        let (path, probe_address) = match attach {
            Attach::Uprobe {
                path,
                symbol: Some(function),
                offset,
                ..
            } => {
                let functions = self
                    .kernel
                    .elf_functions(std::path::Path::new(path))
                    .map_err(|e| (e, "in this probe's binary".to_string()))?;
                let address = functions
                    .iter()
                    .find(|f| f.name == *function)
                    .map(|f| f.address.wrapping_add(*offset));
                (path, address)
            }
            Attach::Uprobe {
                path,
                symbol: None,
                offset,
                ..
            }
            | Attach::Usdt { path, offset, .. } => {
                let address = self
                    .kernel
                    .elf_address_of_offset(std::path::Path::new(path), *offset)
                    .map_err(|e| (e, "in this probe's binary".to_string()))?;
                (path, address)
            }
            other => {
                return Err((
                    format!("uaddr() is not available in {}", other.name()),
                    "only in uprobe, uretprobe and usdt probes, whose binary holds the symbol"
                        .to_string(),
                ));
            }
        };
        let found = self
            .kernel
            .elf_symbol(std::path::Path::new(path), symbol)
            .map_err(|e| (e, "in this probe's binary".to_string()))?
            .ok_or_else(|| {
                (
                    format!("{path} has no symbol '{symbol}'"),
                    "not a function or variable in .symtab or .dynsym".to_string(),
                )
            })?;
        if !found.relocatable {
            return Ok(SymbolAddress::Fixed(found.symbol.address));
        }
        let probe = probe_address.ok_or_else(|| {
            (
                format!("cannot place the probe {} in {path}", attach.name()),
                "its address is in no section".to_string(),
            )
        })?;
        Ok(SymbolAddress::Relative {
            probe,
            symbol: found.symbol.address,
        })
    }

    /// The one string literal argument of kaddr() / uaddr().
    fn symbol_name(&mut self, name: &str, args: &[Expr]) -> Option<String> {
        let usage = format!("usage: {name}(\"symbol\")");
        match args {
            [arg] => self.string_literal(arg, &format!("{name}()'s symbol"), &usage),
            // The declaration has counted the arguments.
            _ => None,
        }
    }
}

/// `kstack(build_id)` (or `kstack` under `stack_mode = build_id`): kernel
/// frames have no build ids to print, as bpftrace says.
fn kernel_build_id(e: &Expr) -> Diagnostic {
    Diagnostic::error(
        "'build_id' stack mode can only be used for ustack",
        e.span.clone(),
    )
    .with_label("a kernel stack")
    .with_hint("write ustack(build_id), or give kstack another mode")
}
