// Kubernetes quantities: as numbers (so requests can be compared with limits), and in the canonical
// form the API server stores (`0.5` → `500m`, `1024Mi` → `1Gi`, `1.5` → `1500m`), so what berth emits
// is what a cluster (or Terraform's provider) reads back.

const SUFFIXES: Record<string, number> = {
  '': 1, m: 1e-3, u: 1e-6, n: 1e-9, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** `250m` → 0.25, `1Gi` → 1073741824; undefined when it is not a quantity. */
export function parseQuantity(value: string): number | undefined {
  const match = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:[eE]([+-]?\d+))?([a-zA-Z]*)$/.exec(value.trim());
  if (!match) return undefined;
  const multiplier = SUFFIXES[match[3]];
  if (multiplier === undefined) return undefined;
  return Number(match[1]) * 10 ** Number(match[2] ?? 0) * multiplier;
}


const DECIMAL: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY: Readonly<Record<string, number>> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL_SUFFIX: Readonly<Record<number, string>> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const BINARY_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/** An exact decimal: value = mantissa × 10^exponent. */
interface Decimal {
  mantissa: bigint;
  exponent: number;
}

function parseDecimal(text: string): Decimal {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) throw new Error(`not a quantity number: ${text}`);
  const digits = `${match[2]}${match[3] ?? ''}` || '0';
  const mantissa = BigInt(digits) * (match[1] === '-' ? -1n : 1n);
  return { mantissa, exponent: -(match[3] ?? '').length };
}

export function canonicalQuantity(input: string): string {
  const match = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/.exec(input.trim());
  if (!match) throw new Error(`quantities must match the regular expression of Kubernetes: ${JSON.stringify(input)}`);
  const value = parseDecimal(match[1]);
  if (match[2]) {
    value.exponent += Number(match[2].slice(1));
    return formatDecimal(value, 'exponent');
  }
  const suffix = match[3] ?? '';
  if (suffix in BINARY) {
    value.mantissa *= 1024n ** BigInt(BINARY[suffix]);
    return formatBinary(value);
  }
  value.exponent += DECIMAL[suffix];
  return formatDecimal(value, 'si');
}

function normalize(value: Decimal): Decimal {
  let { mantissa, exponent } = value;
  if (mantissa === 0n) return { mantissa, exponent: 0 };
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  return { mantissa, exponent };
}

function formatDecimal(input: Decimal, format: 'si' | 'exponent'): string {
  let { mantissa, exponent } = normalize(input);
  if (mantissa === 0n) return '0';
  if (exponent < -9) {
    // Below a nano the API rounds up.
    const scale = 10n ** BigInt(-9 - exponent);
    mantissa = mantissa > 0n ? (mantissa + scale - 1n) / scale : mantissa / scale;
    exponent = -9;
    ({ mantissa, exponent } = normalize({ mantissa, exponent }));
  }
  while (((exponent % 3) + 3) % 3 !== 0) {
    mantissa *= 10n;
    exponent--;
  }
  if (format === 'si' && exponent > 18) {
    mantissa *= 10n ** BigInt(exponent - 18);
    exponent = 18;
  }
  if (format === 'exponent') return `${mantissa}${exponent === 0 ? '' : `e${exponent}`}`;
  return `${mantissa}${DECIMAL_SUFFIX[exponent]}`;
}

function formatBinary(input: Decimal): string {
  const value = normalize(input);
  // Fractional byte counts and anything under 1Ki print in decimal form.
  if (value.exponent < 0) return formatDecimal(value, 'si');
  const bytes = value.mantissa * 10n ** BigInt(value.exponent);
  if (bytes > -1024n && bytes < 1024n) return formatDecimal(value, 'si');
  let power = 0;
  let amount = bytes;
  while (power < 6 && amount % 1024n === 0n) {
    amount /= 1024n;
    power++;
  }
  return `${amount}${BINARY_SUFFIX[power]}`;
}
