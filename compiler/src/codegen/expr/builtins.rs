//! Builtin variables (`pid`, `comm`, `args`, `retval`, USDT arguments ...)
//! and the registers and task reads behind them.

use super::Val;
use crate::btf_access::MemberKind;
use crate::builtins::Builtin;
use crate::codegen::helpers::{Arg, Helper};
use crate::codegen::{CgResult, CodegenError, Func, Gen};
use crate::kernel::FieldKind;
use crate::kernel::regs;
use crate::script::{Attach, UsdtArgument, UsdtLocation};
use inkwell::IntPredicate;
use inkwell::values::IntValue;

impl<'ctx, 'a> Gen<'ctx, 'a> {
    pub(super) fn builtin(&self, f: &mut Func<'ctx, 'a>, b: Builtin) -> CgResult<Val<'ctx>> {
        let shift32 = self.i64.const_int(32, false);
        let low32 = self.i64.const_int(0xffff_ffff, false);
        let v = match b {
            Builtin::Pid => self.current_id(f, false)?,
            Builtin::Tid => self.current_id(f, true)?,
            Builtin::PidInit => {
                let v = self.call_int(Helper::GetCurrentPidTgid, &[])?;
                self.builder.build_right_shift(v, shift32, false, "pid")?
            }
            Builtin::TidInit => {
                let v = self.call_int(Helper::GetCurrentPidTgid, &[])?;
                self.builder.build_and(v, low32, "tid")?
            }
            // username: the uid; user space names it.
            Builtin::Uid | Builtin::Username => {
                let v = self.call_int(Helper::GetCurrentUidGid, &[])?;
                self.builder.build_and(v, low32, "uid")?
            }
            Builtin::Gid => {
                let v = self.call_int(Helper::GetCurrentUidGid, &[])?;
                self.builder.build_right_shift(v, shift32, false, "gid")?
            }
            // CLOCK_BOOTTIME, as current bpftrace's `nsecs`.
            Builtin::Nsecs => self.call_int(Helper::KtimeGetBootNs, &[])?,
            Builtin::Elapsed => {
                let now = self.call_int(Helper::KtimeGetNs, &[])?;
                let start = self.run_time_value(f, crate::script::VAR_START_NS)?;
                self.builder.build_int_sub(now, start, "elapsed")?
            }
            Builtin::Cpu => self.call_int(Helper::GetSmpProcessorId, &[])?,
            Builtin::Rand => self.call_int(Helper::GetPrandomU32, &[])?,
            Builtin::Cgroup => self.call_int(Helper::GetCurrentCgroupId, &[])?,
            Builtin::Jiffies => self.call_int(Helper::Jiffies64, &[])?,
            // The context's address: its members are read as any kernel
            // struct's (`ctx->task`).
            Builtin::Ctx => self.builder.build_ptr_to_int(f.ctx_arg, self.i64, "ctx")?,
            // Sema made it a constant where the context has no registers.
            // The privilege level is cs's low two bits: 3 for user code.
            Builtin::Usermode => {
                let cs = self.register(f, regs::CODE_SEGMENT)?;
                let ring = self
                    .builder
                    .build_and(cs, self.i64.const_int(3, false), "ring")?;
                let user = self.builder.build_int_compare(
                    IntPredicate::EQ,
                    ring,
                    self.i64.const_int(3, false),
                    "user",
                )?;
                self.builder
                    .build_int_z_extend(user, self.i64, "usermode")?
            }
            Builtin::Numaid => self.call_int(Helper::GetNumaNodeId, &[])?,
            Builtin::Bool(b) => self.i64.const_int(u64::from(b), false),
            Builtin::Cpid => self.run_time_value(f, crate::script::VAR_CPID)?,
            Builtin::Comm => {
                let buf = self.alloca_string(f, "comm")?;
                self.zero(buf, self.analysis.string_size)?;
                self.call_int(
                    Helper::GetCurrentComm,
                    &[Arg::Ptr(buf), Arg::Int(self.i64.const_int(16, false))],
                )?;
                return Ok(Val::Str(buf));
            }
            Builtin::Probe => {
                return Ok(Val::Str(self.const_string(f, f.attach.name().as_bytes())?));
            }
            Builtin::Probetype => {
                return Ok(Val::Str(self.const_string(f, f.attach.kind().as_bytes())?));
            }
            Builtin::Func => {
                let name = crate::sema::func_name(f.attach)
                    .ok_or_else(|| CodegenError("func outside a kprobe or uprobe".into()))?;
                return Ok(Val::Str(self.const_string(f, name.as_bytes())?));
            }
            Builtin::Curtask => self.call_int(Helper::GetCurrentTask, &[])?,
            Builtin::Args => return Err(CodegenError("bare args".into())),
            Builtin::Kstack | Builtin::Ustack => {
                return Err(CodegenError("a stack without its type".into()));
            }
            // Sema made these constants or reads (`CallInfo`).
            Builtin::Arch => {
                return Ok(Val::Str(
                    self.const_string(f, std::env::consts::ARCH.as_bytes())?,
                ));
            }
            Builtin::Ncpus
            | Builtin::HasCpid
            | Builtin::SafeMode
            | Builtin::DefaultStrLength
            | Builtin::Ppid
            | Builtin::Pcomm
            | Builtin::LeaderTid
            | Builtin::LeaderComm => {
                return Err(CodegenError(format!("{} without its value", b.name())));
            }
            Builtin::Arg(n) => match f.attach {
                Attach::Usdt { arguments, .. } => {
                    let argument = arguments
                        .get(usize::from(n))
                        .ok_or_else(|| CodegenError(format!("usdt arg{n} out of range")))?;
                    self.usdt_argument(f, argument)?
                }
                // fentry/fexit and raw tracepoints: the context is the
                // arguments, one u64 each.
                Attach::Fentry { .. } | Attach::RawTracepoint { .. } => {
                    let name = f
                        .format
                        .and_then(|fmt| fmt.fields.get(usize::from(n)))
                        .map(|field| field.name.clone())
                        .ok_or_else(|| CodegenError(format!("fentry arg{n} out of range")))?;
                    return self.args_field(f, &name);
                }
                _ => self.register(f, regs::ARGUMENTS[usize::from(n).min(5)])?,
            },
            // At a function's entry (x86-64) sp points at the return
            // address; the stack arguments follow it, 8 bytes each.
            Builtin::StackArg(n) => {
                let sp = self.register(f, regs::STACK_POINTER)?;
                let address = self.builder.build_int_add(
                    sp,
                    self.i64.const_int(8 * (u64::from(n) + 1), false),
                    "stack_arg",
                )?;
                let pointer =
                    self.builder
                        .build_int_to_ptr(address, self.ptr, "stack_arg_pointer")?;
                let read = if matches!(f.attach, Attach::Uprobe { .. }) {
                    Helper::ProbeReadUser
                } else {
                    Helper::ProbeReadKernel
                };
                self.read_word(f, read, pointer, 8)?
            }
            Builtin::Retval if matches!(f.attach, Attach::Fentry { .. }) => {
                return self.args_field(f, "$retval");
            }
            Builtin::Retval => self.register(f, regs::RETURN_VALUE)?,
        };
        Ok(Val::Int(v))
    }

    pub(super) fn args_field(&self, f: &mut Func<'ctx, 'a>, name: &str) -> CgResult<Val<'ctx>> {
        let field = f
            .format
            .and_then(|fmt| fmt.field(name))
            .ok_or_else(|| CodegenError(format!("args.{name} without a format")))?;
        let at = self.byte_offset(f.ctx_arg, field.offset)?;
        match field.kind {
            FieldKind::Int | FieldKind::CharPtr | FieldKind::Pointer => {
                let width = match field.size {
                    1 => self.i8,
                    2 => self.ctx.i16_type(),
                    4 => self.i32,
                    _ => self.i64,
                };
                let raw = self.builder.build_load(width, at, name)?.into_int_value();
                let v = if field.size >= 8 {
                    raw
                } else if field.signed && field.kind == FieldKind::Int {
                    self.builder.build_int_s_extend(raw, self.i64, "sext")?
                } else {
                    self.builder.build_int_z_extend(raw, self.i64, "zext")?
                };
                Ok(Val::Int(v))
            }
            FieldKind::CharArray => {
                let buf = self.alloca_string(f, name)?;
                self.zero(buf, self.analysis.string_size)?;
                // The _str read stops at the NUL, so the rest of the buffer
                // stays zero, as string comparison relies on.
                let size = (field.size + 1).min(self.analysis.string_size);
                self.call_int(
                    Helper::ProbeReadKernelStr,
                    &[
                        Arg::Ptr(buf),
                        Arg::Int(self.i64.const_int(u64::from(size), false)),
                        Arg::Ptr(at),
                    ],
                )?;
                Ok(Val::Str(buf))
            }
            FieldKind::DataLocString => {
                // The low 16 bits of the u32 are the string's offset in the record.
                let loc = self
                    .builder
                    .build_load(self.i32, at, "data_loc")?
                    .into_int_value();
                let loc = self.builder.build_int_z_extend(loc, self.i64, "loc64")?;
                let offset =
                    self.builder
                        .build_and(loc, self.i64.const_int(0xffff, false), "loc_off")?;
                let base = self
                    .builder
                    .build_ptr_to_int(f.ctx_arg, self.i64, "ctx_addr")?;
                let addr = self.builder.build_int_add(base, offset, "str_addr")?;
                let src = self.builder.build_int_to_ptr(addr, self.ptr, "str_ptr")?;
                let buf = self.alloca_string(f, name)?;
                self.zero(buf, self.analysis.string_size)?;
                self.call_int(
                    Helper::ProbeReadKernelStr,
                    &[
                        Arg::Ptr(buf),
                        Arg::Int(
                            self.i64
                                .const_int(u64::from(self.analysis.string_size), false),
                        ),
                        Arg::Ptr(src),
                    ],
                )?;
                Ok(Val::Str(buf))
            }
            FieldKind::Unsupported => {
                Err(CodegenError(format!("args.{name} has an unsupported type")))
            }
        }
    }

    /// A USDT argument where its spec puts it, widened to 64 bits as its
    /// size and signedness say.
    fn usdt_argument(
        &self,
        f: &Func<'ctx, 'a>,
        argument: &UsdtArgument,
    ) -> CgResult<IntValue<'ctx>> {
        let raw = match &argument.location {
            UsdtLocation::Constant(c) => return Ok(self.i64.const_int(*c as u64, true)),
            UsdtLocation::Register { pt_regs_offset } => self.register(f, *pt_regs_offset)?,
            UsdtLocation::Memory {
                pt_regs_offset,
                displacement,
            } => {
                let base = self.register(f, *pt_regs_offset)?;
                let address = self.builder.build_int_add(
                    base,
                    self.i64.const_int(*displacement as u64, true),
                    "usdt_address",
                )?;
                let address = self
                    .builder
                    .build_int_to_ptr(address, self.ptr, "usdt_pointer")?;
                let buf = self.scratch_bytes(f, 8, "usdt_value")?;
                self.zero(buf, 8)?;
                self.call_int(
                    Helper::ProbeReadUser,
                    &[
                        Arg::Ptr(buf),
                        Arg::Int(self.i64.const_int(u64::from(argument.size), false)),
                        Arg::Ptr(address),
                    ],
                )?;
                self.builder
                    .build_load(self.i64, buf, "usdt_memory")?
                    .into_int_value()
            }
            UsdtLocation::Unsupported { spec, .. } => {
                return Err(CodegenError(format!("unsupported usdt operand {spec}")));
            }
        };
        self.widen(raw, u32::from(argument.size), argument.signed)
    }

    /// `ppid` (`curtask->real_parent->tgid`), `leader_tid`
    /// (`curtask->group_leader->pid`): a 4-byte id.
    pub(super) fn task_pid(
        &self,
        f: &mut Func<'ctx, 'a>,
        pointer: u32,
        member: u32,
    ) -> CgResult<Val<'ctx>> {
        let int = MemberKind::Int {
            size: 4,
            signed: false,
        };
        self.through_task_pointer(f, pointer, member, int)
    }

    /// `pcomm` (`curtask->real_parent->comm`), `leader_comm`
    /// (`curtask->group_leader->comm`).
    pub(super) fn task_comm(
        &self,
        f: &mut Func<'ctx, 'a>,
        pointer: u32,
        member: u32,
    ) -> CgResult<Val<'ctx>> {
        let chars = MemberKind::CharArray { len: 16 };
        self.through_task_pointer(f, pointer, member, chars)
    }

    /// `curtask->P->M`: the task pointer at offset `pointer` of the current
    /// task, then the member at `member` of that task, two kernel reads.
    fn through_task_pointer(
        &self,
        f: &mut Func<'ctx, 'a>,
        pointer: u32,
        member: u32,
        kind: MemberKind,
    ) -> CgResult<Val<'ctx>> {
        let task = self.call_int(Helper::GetCurrentTask, &[])?;
        let read = |offset, kind| crate::btf_access::MemberRead {
            offset,
            kind,
            user: false,
        };
        let other = self
            .read_kernel(f, task, read(pointer, MemberKind::Pointer))?
            .int()?;
        self.read_kernel(f, other, read(member, kind))
    }

    /// A register saved in the probe's pt_regs context.
    pub(in crate::codegen) fn register(
        &self,
        f: &Func<'ctx, 'a>,
        offset: u32,
    ) -> CgResult<IntValue<'ctx>> {
        let at = self.byte_offset(f.ctx_arg, offset)?;
        Ok(self
            .builder
            .build_load(self.i64, at, "register")?
            .into_int_value())
    }

    /// The current process id (the thread id with `thread`) as Sonde's pid
    /// namespace sees it: from bpf_get_current_pid_tgid in the initial
    /// namespace, else from bpf_get_ns_current_pid_tgid (0 for a task
    /// outside the namespace).
    pub(in crate::codegen) fn current_id(
        &self,
        f: &Func<'ctx, 'a>,
        thread: bool,
    ) -> CgResult<IntValue<'ctx>> {
        let Some((dev, ino)) = self.analysis.pid_namespace else {
            let v = self.call_int(Helper::GetCurrentPidTgid, &[])?;
            return Ok(if thread {
                self.builder
                    .build_and(v, self.i64.const_int(0xffff_ffff, false), "tid")?
            } else {
                self.builder
                    .build_right_shift(v, self.i64.const_int(32, false), false, "pid")?
            });
        };
        // struct bpf_pidns_info { u32 pid; u32 tgid; }: the thread, then the process.
        let info = f.allocas.build_alloca(self.i64, "pidns_info")?;
        self.builder.build_store(info, self.i64.const_zero())?;
        self.call_int(
            Helper::GetNsCurrentPidTgid,
            &[
                Arg::Int(self.i64.const_int(dev, false)),
                Arg::Int(self.i64.const_int(ino, false)),
                Arg::Ptr(info),
                Arg::Int(self.i64.const_int(8, false)),
            ],
        )?;
        let at = if thread {
            info
        } else {
            self.byte_offset(info, 4)?
        };
        let id = self
            .builder
            .build_load(self.i32, at, if thread { "ns_tid" } else { "ns_pid" })?
            .into_int_value();
        Ok(self.builder.build_int_z_extend(id, self.i64, "id")?)
    }
}
