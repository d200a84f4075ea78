//! BPF maps: their definitions in the object (legacy `maps` section), and the
//! lookups, updates and deletes of the script's `@maps`.

use super::expr::Val;
use super::helpers::{Arg, Helper};
use super::{CgResult, CodegenError, Func, Gen};
use crate::ast::MapRef;
use crate::script::{
    EVENTS_MAP, MapSpec, SCRATCH_MAP, STRING_SIZE, STRINGS_MAP, VARS_MAP, ValueKind,
};
use inkwell::module::Linkage;
use inkwell::values::{GlobalValue, PointerValue};

const BPF_MAP_TYPE_HASH: u64 = 1;
const BPF_MAP_TYPE_ARRAY: u64 = 2;
const BPF_MAP_TYPE_PERF_EVENT_ARRAY: u64 = 4;
const BPF_MAP_TYPE_PERCPU_ARRAY: u64 = 6;

impl<'ctx, 'a> Gen<'ctx, 'a> {
    pub(super) fn define_maps(&mut self) {
        let record = self
            .analysis
            .printfs
            .iter()
            .map(|p| p.record_size())
            .max()
            .unwrap_or(0)
            .max(16);
        self.events = self.map_definition(EVENTS_MAP, BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4, 0);
        self.scratch = self.map_definition(SCRATCH_MAP, BPF_MAP_TYPE_PERCPU_ARRAY, 4, record, 1);
        self.vars_map = self.map_definition(VARS_MAP, BPF_MAP_TYPE_ARRAY, 4, 8, 1);
        // The value size is set once every program is generated (`finish_maps`).
        self.strings = self.map_definition(STRINGS_MAP, BPF_MAP_TYPE_PERCPU_ARRAY, 4, 8, 1);
        self.user_maps = self
            .analysis
            .maps
            .iter()
            .map(|m| {
                self.map_definition(
                    &m.bpf_name,
                    BPF_MAP_TYPE_HASH,
                    m.key_size(),
                    m.value.slot_size(),
                    m.max_entries,
                )
            })
            .collect();
        for placeholder in [
            "placeholder_events",
            "placeholder_scratch",
            "placeholder_vars",
            "placeholder_strings",
        ] {
            if let Some(g) = self.module.get_global(placeholder) {
                // SAFETY: the placeholders were never used.
                unsafe { g.delete() };
            }
        }
    }

    /// Sizes the strings map for the program that needs the most.
    pub(super) fn finish_maps(&self) {
        let size = self.strings_size.get().max(8);
        self.strings
            .set_initializer(&self.map_fields(BPF_MAP_TYPE_PERCPU_ARRAY, 4, size, 1));
    }

    fn map_fields(
        &self,
        map_type: u64,
        key: u32,
        value: u32,
        entries: u32,
    ) -> inkwell::values::StructValue<'ctx> {
        let fields = [
            map_type,
            u64::from(key),
            u64::from(value),
            u64::from(entries),
            0,
        ];
        self.ctx
            .const_struct(&fields.map(|v| self.i32.const_int(v, false).into()), false)
    }

    fn map_definition(
        &self,
        name: &str,
        map_type: u64,
        key: u32,
        value: u32,
        entries: u32,
    ) -> GlobalValue<'ctx> {
        let ty = self.ctx.struct_type(&[self.i32.into(); 5], false);
        let init = self.map_fields(map_type, key, value, entries);
        let global = self.module.add_global(ty, None, name);
        global.set_initializer(&init);
        global.set_section(Some("maps"));
        global.set_linkage(Linkage::External);
        global.set_alignment(4);
        global
    }

    fn user_map(&self, map: &MapRef) -> CgResult<(&'a MapSpec, GlobalValue<'ctx>)> {
        let (index, spec) = self
            .analysis
            .map(&map.name)
            .ok_or_else(|| CodegenError(format!("map @{} was not analysed", map.name)))?;
        Ok((spec, self.user_maps[index]))
    }

    /// Builds the key of `@m[k1, k2, ...]` on the stack: each part in an
    /// 8-aligned slot, padding zeroed so equal keys hash equally.
    fn map_key(
        &self,
        f: &mut Func<'ctx, 'a>,
        map: &MapRef,
        spec: &MapSpec,
    ) -> CgResult<PointerValue<'ctx>> {
        let key = self.scratch_bytes(f, spec.key_size(), "key")?;
        let mut parts = Vec::new();
        for k in &map.keys {
            parts.push(self.expr(f, k)?);
        }
        self.zero(key, spec.key_size())?;
        let mut offset = 0;
        for (part, kind) in parts.into_iter().zip(&spec.keys) {
            let at = self.byte_offset(key, offset)?;
            self.store_value(at, part)?;
            offset += kind.slot_size();
        }
        Ok(key)
    }

    pub fn map_update(
        &self,
        f: &mut Func<'ctx, 'a>,
        map: &MapRef,
        value: Val<'ctx>,
    ) -> CgResult<()> {
        let (spec, global) = self.user_map(map)?;
        let key = self.map_key(f, map, spec)?;
        let value_ptr = match value {
            Val::Str(p) => p,
            Val::Int(v) => {
                let slot = f.allocas.build_alloca(self.i64, "value")?;
                self.builder.build_store(slot, v)?;
                slot
            }
            Val::Void => return Err(CodegenError("storing a value-less expression".into())),
        };
        self.call_int(
            Helper::MapUpdateElem,
            &[
                Arg::Ptr(global.as_pointer_value()),
                Arg::Ptr(key),
                Arg::Ptr(value_ptr),
                Arg::Int(self.i64.const_zero()),
            ],
        )?;
        Ok(())
    }

    pub fn map_delete(&self, f: &mut Func<'ctx, 'a>, map: &MapRef) -> CgResult<()> {
        let (spec, global) = self.user_map(map)?;
        let key = self.map_key(f, map, spec)?;
        self.call_int(
            Helper::MapDeleteElem,
            &[Arg::Ptr(global.as_pointer_value()), Arg::Ptr(key)],
        )?;
        Ok(())
    }

    /// Reads `@m[k]`; a missing key reads as 0 or the empty string.
    pub fn map_read(&self, f: &mut Func<'ctx, 'a>, map: &MapRef) -> CgResult<Val<'ctx>> {
        let (spec, global) = self.user_map(map)?;
        let key = self.map_key(f, map, spec)?;
        let found = self.call_ptr(
            Helper::MapLookupElem,
            &[Arg::Ptr(global.as_pointer_value()), Arg::Ptr(key)],
        )?;
        match spec.value {
            ValueKind::Int { .. } => Ok(Val::Int(self.load_or_zero(f, found)?)),
            ValueKind::Str => {
                let out = self.alloca_string(f, "map_str")?;
                self.if_else_ptr(
                    f,
                    found,
                    |g| g.copy_string(out, found),
                    |g| g.zero(out, STRING_SIZE),
                )?;
                Ok(Val::Str(out))
            }
        }
    }

    /// `*p` as i64 if `p` is not null, else 0: the verifier insists on the check.
    pub fn load_or_zero(
        &self,
        f: &Func<'ctx, 'a>,
        p: PointerValue<'ctx>,
    ) -> CgResult<inkwell::values::IntValue<'ctx>> {
        let slot = f.allocas.build_alloca(self.i64, "loaded")?;
        self.builder.build_store(slot, self.i64.const_zero())?;
        self.if_else_ptr(
            f,
            p,
            |g| {
                let v = g.builder.build_load(g.i64, p, "v")?;
                g.builder.build_store(slot, v)?;
                Ok(())
            },
            |_| Ok(()),
        )?;
        Ok(self
            .builder
            .build_load(self.i64, slot, "value")?
            .into_int_value())
    }

    /// Runs `found` when `p` is non-null and `missing` otherwise.
    pub fn if_else_ptr(
        &self,
        f: &Func<'ctx, 'a>,
        p: PointerValue<'ctx>,
        found: impl FnOnce(&Self) -> CgResult<()>,
        missing: impl FnOnce(&Self) -> CgResult<()>,
    ) -> CgResult<()> {
        let is_null = self.builder.build_is_null(p, "is_null")?;
        let yes = self.ctx.append_basic_block(f.function, "found");
        let no = self.ctx.append_basic_block(f.function, "missing");
        let done = self.ctx.append_basic_block(f.function, "joined");
        self.builder.build_conditional_branch(is_null, no, yes)?;
        self.builder.position_at_end(yes);
        found(self)?;
        self.builder.build_unconditional_branch(done)?;
        self.builder.position_at_end(no);
        missing(self)?;
        self.builder.build_unconditional_branch(done)?;
        self.builder.position_at_end(done);
        Ok(())
    }

    /// The start time the runtime stored for `elapsed`.
    pub fn start_time(&self, f: &Func<'ctx, 'a>) -> CgResult<inkwell::values::IntValue<'ctx>> {
        let key = f.allocas.build_alloca(self.i32, "var_key")?;
        self.builder.build_store(
            key,
            self.i32
                .const_int(u64::from(crate::script::VAR_START_NS), false),
        )?;
        let p = self.call_ptr(
            Helper::MapLookupElem,
            &[Arg::Ptr(self.vars_map.as_pointer_value()), Arg::Ptr(key)],
        )?;
        self.load_or_zero(f, p)
    }
}
