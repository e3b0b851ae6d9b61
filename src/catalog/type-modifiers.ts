/** Length/precision and scale of a column, decoded from its type and `atttypmod`. */
export interface TypeModifiers {
  length: number | null;
  scale: number | null;
}

const NONE: TypeModifiers = { length: null, scale: null };

/** Types whose typmod is the fractional-seconds precision itself. */
const TIME_TYPES = new Set(['time', 'timetz', 'timestamp', 'timestamptz']);

/** Postgres stores a varlena header size (4) in the typmod of char, varchar and numeric. */
const VARHDRSZ = 4;

/** The typmod that `interval` uses for "precision not given" (INTERVAL_FULL_PRECISION). */
const INTERVAL_FULL_PRECISION = 0xffff;

/**
 * decodeTypeModifiers reads what `atttypmod` means for a built-in base type (`baseType` is the
 * element type for arrays, whose typmod applies to the element). Unconstrained: nulls.
 */
export function decodeTypeModifiers(baseType: string, typmod: number): TypeModifiers {
  if (typmod < 0) return NONE;
  if (baseType === 'varchar' || baseType === 'bpchar') return { length: typmod - VARHDRSZ, scale: null };
  if (baseType === 'bit' || baseType === 'varbit') return { length: typmod, scale: null };
  if (TIME_TYPES.has(baseType)) return { length: typmod, scale: null };
  if (baseType === 'interval') {
    const precision = typmod & 0xffff;
    return { length: precision === INTERVAL_FULL_PRECISION ? null : precision, scale: null };
  }
  if (baseType === 'numeric') {
    const packed = typmod - VARHDRSZ;
    // Since PG 15 the scale is an 11-bit signed field (it may be negative, or exceed precision).
    const rawScale = packed & 0x7ff;
    return { length: (packed >> 16) & 0xffff, scale: rawScale > 0x3ff ? rawScale - 0x800 : rawScale };
  }
  return NONE;
}
