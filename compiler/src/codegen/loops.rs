//! `for ($kv : @map) { body }`: the body becomes a callback function run by
//! `bpf_for_each_map_elem` for every element. It sees the probe's context,
//! string area and variables through a context block on the probe's stack
//! (the verifier keeps the types of pointers spilled there).

use super::expr::Val;
use super::helpers::{Arg, Helper};
use super::{CgResult, CodegenError, Func, Gen, StringArea};
use crate::ast::{MapRef, Stmt};
use crate::script::ValueKind;
use inkwell::module::Linkage;
use inkwell::values::PointerValue;
use std::cell::RefCell;
use std::collections::HashMap;

impl<'ctx, 'a> Gen<'ctx, 'a> {
    pub fn for_map(
        &self,
        f: &mut Func<'ctx, 'a>,
        var: &str,
        map: &MapRef,
        body: &[Stmt],
    ) -> CgResult<()> {
        let (spec, global) = self.user_map(map)?;
        let kv_type = *f
            .var_types
            .get(var)
            .ok_or_else(|| CodegenError(format!("loop variable {var} has no type")))?;
        let Some(ValueKind::Tuple(kv_layout)) = self.analysis.layout(kv_type) else {
            return Err(CodegenError(
                "loop variable is not a (key, value) tuple".into(),
            ));
        };

        // The context block: the probe's ctx, its string area, then a pointer
        // to each of its variables.
        let area = self.string_area_base(f)?;
        let shared: Vec<(String, PointerValue<'ctx>)> = f
            .vars
            .iter()
            .filter(|(name, _)| name.as_str() != var)
            .map(|(n, p)| (n.clone(), *p))
            .collect();
        let slots = u32::try_from(2 + shared.len())
            .map_err(|_| CodegenError("too many variables".into()))?;
        let block = f
            .allocas
            .build_alloca(self.ptr.array_type(slots), "loop_ctx")?;
        let pointers = [f.ctx_arg, area]
            .into_iter()
            .chain(shared.iter().map(|(_, p)| *p));
        for (i, p) in pointers.enumerate() {
            self.builder
                .build_store(self.byte_offset(block, (i * 8) as u32)?, p)?;
        }

        // The callback: (map, key, value, context) -> 0 to go on, 1 to stop.
        let name = format!("{}_loop", f.function.get_name().to_string_lossy());
        let callback = self.bpf_function(&name, 4, Linkage::Internal, ".text");
        let entry = self.ctx.append_basic_block(callback, "entry");
        let start = self.ctx.append_basic_block(callback, "body");
        let resume = self
            .builder
            .get_insert_block()
            .ok_or_else(|| CodegenError("builder has no block".into()))?;
        let param = |i: u32| -> CgResult<PointerValue<'ctx>> {
            Ok(callback
                .get_nth_param(i)
                .ok_or_else(|| CodegenError("callback parameter".into()))?
                .into_pointer_value())
        };
        let (key, value, context) = (param(1)?, param(2)?, param(3)?);
        let allocas = self.ctx.create_builder();
        allocas.position_at_end(entry);
        self.builder.position_at_end(start);
        // The probe's location belongs to another function's scope.
        self.builder.unset_current_debug_location();
        let load_ptr = |i: usize, name: &str| -> CgResult<PointerValue<'ctx>> {
            let at = self.byte_offset(context, (i * 8) as u32)?;
            Ok(self
                .builder
                .build_load(self.ptr, at, name)?
                .into_pointer_value())
        };
        let mut vars = HashMap::new();
        for (i, (n, _)) in shared.iter().enumerate() {
            vars.insert(n.clone(), load_ptr(2 + i, n)?);
        }
        let mut inner = Func {
            function: callback,
            ctx_arg: load_ptr(0, "ctx")?,
            allocas,
            vars,
            attach: f.attach,
            format: f.format,
            user_pointers: f.user_pointers,
            entry,
            // Continue after the probe's own strings so that nothing overlaps.
            string_area: RefCell::new(StringArea {
                base: Some(load_ptr(1, "string_area")?),
                used: f.string_area.borrow().used,
            }),
            shared_slots: RefCell::default(),
            var_types: f.var_types,
            is_callback: true,
            scope: self
                .debug
                .as_ref()
                .map(|d| d.describe(callback, true, &map.span)),
        };
        self.locate(inner.scope, &map.span);

        // $kv: the key (a tuple of keys when there are several) and the value,
        // laid out as a tuple.
        let kv_size: u32 = kv_layout.iter().map(ValueKind::slot_size).sum();
        let kv = self.scratch_bytes(&inner, kv_size, "kv")?;
        self.zero(kv, kv_size)?;
        let kv_offsets = ValueKind::tuple_offsets(&kv_layout);
        let key_targets: Vec<u32> = match kv_layout.first() {
            Some(ValueKind::Tuple(parts)) => ValueKind::tuple_offsets(parts),
            _ => vec![0],
        };
        let mut from = 0;
        for (part, to) in spec.keys.iter().zip(key_targets) {
            let src = self.byte_offset(key, from)?;
            self.copy_bytes(self.byte_offset(kv, to)?, src, part.slot_size())?;
            from += part.slot_size();
        }
        let value_at = *kv_offsets
            .get(1)
            .ok_or_else(|| CodegenError("kv layout".into()))?;
        if spec.kind.is_aggregation() {
            // The callback sees this CPU's copy; the loop shows the total.
            let merged = self.merged_value(&inner, spec, global, key)?;
            self.builder
                .build_store(self.byte_offset(kv, value_at)?, merged)?;
        } else {
            self.copy_bytes(
                self.byte_offset(kv, value_at)?,
                value,
                spec.value.slot_size(),
            )?;
        }
        inner.vars.insert(var.to_string(), kv);

        self.stmts(&mut inner, body)?;
        self.builder.build_return(Some(&self.i64.const_zero()))?;
        inner.allocas.position_at_end(entry);
        inner.allocas.build_unconditional_branch(start)?;
        let used = inner.string_area.borrow().used;
        f.string_area.borrow_mut().used = used;
        self.strings_size.set(self.strings_size.get().max(used));

        self.builder.position_at_end(resume);
        self.locate(f.scope, &map.span);
        self.call_int(
            Helper::ForEachMapElem,
            &[
                Arg::Ptr(global.as_pointer_value()),
                Arg::Ptr(callback.as_global_value().as_pointer_value()),
                Arg::Ptr(block),
                Arg::Int(self.i64.const_zero()),
            ],
        )?;
        Ok(())
    }

    /// len(@map): bpf_for_each_map_elem returns how many elements it visited.
    pub fn map_len(&self, map: &MapRef) -> CgResult<Val<'ctx>> {
        let (_, global) = self.user_map(map)?;
        let callback = match self.module.get_function("sonde_count_element") {
            Some(existing) => existing,
            None => {
                let callback =
                    self.bpf_function("sonde_count_element", 4, Linkage::Internal, ".text");
                // BTF generation needs debug info on every function.
                if let Some(debug) = &self.debug {
                    debug.describe(callback, true, &map.span);
                }
                let b = self.ctx.create_builder();
                b.position_at_end(self.ctx.append_basic_block(callback, "entry"));
                b.build_return(Some(&self.i64.const_zero()))?;
                callback
            }
        };
        let null = self.ptr.const_null();
        Ok(Val::Int(self.call_int(
            Helper::ForEachMapElem,
            &[
                Arg::Ptr(global.as_pointer_value()),
                Arg::Ptr(callback.as_global_value().as_pointer_value()),
                Arg::Ptr(null),
                Arg::Int(self.i64.const_zero()),
            ],
        )?))
    }
}
