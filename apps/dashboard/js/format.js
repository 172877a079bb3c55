// How numbers, rates and times read on the page (see docs/dashboard.md, "Rates").

/** Counts as the circular writes them: plain integers, no thousands separator (3340家). */
export function formatCount(n) {
  return n == null ? '—' : String(n);
}

/**
 * A rate (a fraction in [0, 1], or null when the denominator is 0) as a percentage with at most
 * two decimals and trailing zeros trimmed: 2092/2348 → "89.1%", 1877/2103 → "89.25%",
 * 215/245 → "87.76%" (the circular rounds that one to 87.8%), 1 → "100%". Rounding is half-up
 * on the rate in basis points; the epsilon keeps 0.89125 from falling to 89.12 through binary
 * floating point.
 */
export function formatRate(rate) {
  if (rate == null || Number.isNaN(rate)) return '—';
  const basisPoints = Math.round(rate * 10000 + 1e-7);
  const text = (basisPoints / 100).toFixed(2).replace(/\.?0+$/, '');
  return `${text}%`;
}

export function ratio(numerator, denominator) {
  return denominator ? numerator / denominator : null;
}

const TZ = 'Asia/Shanghai';
const dateTimeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** An instant in Beijing time, "2023-07-10 09:30" (the campaign's users are in Hubei). */
export function formatDateTime(value) {
  if (!value) return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  const p = Object.fromEntries(dateTimeFormat.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour === '24' ? '00' : p.hour}:${p.minute}`;
}

/** A business date as it is ("2023-07-04"), an instant in Beijing time. */
export function formatWhen(value) {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : formatDateTime(value);
}

/** A business date: the first ten characters of an ISO date or instant (in Beijing time). */
export function formatDate(value) {
  if (!value) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return formatDateTime(value).slice(0, 10);
}

/** Today's date in Beijing. */
export function todayInBeijing(now = new Date()) {
  return formatDateTime(now).slice(0, 10);
}

/** A datetime-local value ("2023-07-10T18:00"), read as Beijing time, as an ISO instant. */
export function beijingLocalToIso(local) {
  if (!local) return '';
  const withSeconds = local.length === 16 ? `${local}:00` : local;
  const d = new Date(`${withSeconds}+08:00`);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

/** An ISO instant as a datetime-local value in Beijing time. */
export function isoToBeijingLocal(iso) {
  if (!iso) return '';
  return formatDateTime(iso).replace(' ', 'T');
}

/** recordedAt − occurredAt in a few words: "同时", "晚 3 小时", "晚 5 天". */
export function formatLag(occurredAt, recordedAt) {
  const ms = new Date(recordedAt).getTime() - new Date(occurredAt).getTime();
  if (!Number.isFinite(ms)) return '';
  if (ms < 60_000) return '即时录入';
  if (ms < 3_600_000) return `晚 ${Math.round(ms / 60_000)} 分钟录入`;
  const hours = ms / 3_600_000;
  if (hours < 24) return `晚 ${Math.round(hours)} 小时录入`;
  return `晚 ${Math.round(hours / 24)} 天录入`;
}

export function addDays(isoDate, days) {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from, to) {
  return Math.round((new Date(`${to}T00:00:00Z`) - new Date(`${from}T00:00:00Z`)) / 86_400_000);
}
