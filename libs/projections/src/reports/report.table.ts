/**
 * The circular's table as people open it: CSV (UTF-8 with BOM, so Excel reads the Chinese
 * headings) and XLSX (header row, frozen panes, percentage formats). Unit rows are grouped under
 * 厅本级 and 市州 with subtotals, a parent unit with county units gets its own subtotal, and the
 * total closes the table. Rates print as percentages with two decimals. The by-category breakdown
 * follows: in the CSV after an empty line, in the XLSX on its own sheet (按类别).
 */
import type ExcelJS from 'exceljs';
import { groupOf, rowOf, countsOfRow, sumCounts, TOTAL_NAME } from './report.service';
import type { CampaignReport, CategoryRow, ReportRow } from './report.types';

export const REPORT_TITLE = '全省住建系统"服务企业月"活动情况统计表';

export interface TableColumn {
  heading: string;
  /** Number, rate (fraction or null) or text. */
  kind: 'text' | 'count' | 'rate';
  value(line: TableLine): string | number | null;
}

export interface TableLine {
  kind: 'unit' | 'parent_subtotal' | 'group' | 'total';
  label: string;
  levelLabel: string;
  row: ReportRow;
}

const LEVEL_LABELS: Record<string, string> = { department: '厅本级', prefecture: '市州', county: '县市区' };

export const TABLE_COLUMNS: TableColumn[] = [
  { heading: '单位', kind: 'text', value: (l) => l.label },
  { heading: '层级', kind: 'text', value: (l) => l.levelLabel },
  { heading: '走访企业(家)', kind: 'count', value: (l) => l.row.enterprisesVisited },
  { heading: '开展帮扶活动(次)', kind: 'count', value: (l) => l.row.activities },
  { heading: '其中上门走访(次)', kind: 'count', value: (l) => l.row.activitiesByForm.door_to_door },
  { heading: '座谈会(次)', kind: 'count', value: (l) => l.row.activitiesByForm.symposium },
  { heading: '线上(次)', kind: 'count', value: (l) => l.row.activitiesByForm.online },
  { heading: '电话(次)', kind: 'count', value: (l) => l.row.activitiesByForm.phone },
  { heading: '收集问题建议(项)', kind: 'count', value: (l) => l.row.issuesCollected },
  { heading: '已办结(项)', kind: 'count', value: (l) => l.row.issuesResolved },
  { heading: '办结率', kind: 'rate', value: (l) => l.row.completionRate },
  { heading: '已反馈(项)', kind: 'count', value: (l) => l.row.rated },
  { heading: '满意(项)', kind: 'count', value: (l) => l.row.satisfied },
  { heading: '基本满意(项)', kind: 'count', value: (l) => l.row.basicallySatisfied },
  { heading: '不满意(项)', kind: 'count', value: (l) => l.row.dissatisfied },
  { heading: '企业反馈满意率', kind: 'rate', value: (l) => l.row.satisfactionRate },
  { heading: '按期办结(项)', kind: 'count', value: (l) => l.row.onTimeResolved },
  { heading: '按期办结率', kind: 'rate', value: (l) => l.row.onTimeRate },
  { heading: '超期未办结(项)', kind: 'count', value: (l) => l.row.openOverdue },
];

/** The table's lines in order: 厅本级 units, 厅本级小计, 市州 units (parent subtotals after their counties), 市州小计, 合计. */
export function tableLines(report: CampaignReport): TableLine[] {
  const lines: TableLine[] = [];
  const unitLine = (r: ReportRow): TableLine => ({
    kind: 'unit',
    label: r.unitName,
    levelLabel: LEVEL_LABELS[r.level ?? ''] ?? '',
    row: r,
  });
  for (const level of ['department', 'prefecture'] as const) {
    const rows = report.rows.filter((r) => groupOf(r) === level);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      lines.push(unitLine(r));
      const kids = rows.filter((k) => k.parentUnitId !== null && k.parentUnitId === r.unitId);
      if (kids.length === 0) continue;
      // the county units follow their parent (orderUnits): print them, then the parent's subtotal
      for (const k of kids) lines.push(unitLine(k));
      i += kids.length;
      lines.push({
        kind: 'parent_subtotal',
        label: `${r.unitName}(含县市区)小计`,
        levelLabel: '小计',
        row: rowOf(
          { unitId: r.unitId, unitName: r.unitName, level: r.level, parentUnitId: r.parentUnitId },
          sumCounts([r, ...kids].map(countsOfRow)),
        ),
      });
    }
    const group = report.groups.find((g) => g.level === level)!;
    lines.push({ kind: 'group', label: `${group.unitName}小计`, levelLabel: '小计', row: group });
  }
  lines.push({ kind: 'total', label: report.total.unitName, levelLabel: '合计', row: report.total });
  return lines;
}

export const CATEGORY_SHEET = '按类别';

export interface CategoryColumn {
  heading: string;
  kind: 'text' | 'count' | 'rate';
  value(row: CategoryRow): string | number | null;
}

/** A category outside the campaign's catalogue (recorded as free text before, or since removed) says so. */
export function categoryLabel(row: Pick<CategoryRow, 'category' | 'inCatalogue'>): string {
  return row.inCatalogue ? row.category : `${row.category}（目录外）`;
}

export const CATEGORY_COLUMNS: CategoryColumn[] = [
  { heading: '问题类别', kind: 'text', value: (r) => categoryLabel(r) },
  { heading: '收集问题建议(项)', kind: 'count', value: (r) => r.issuesCollected },
  { heading: '已办结(项)', kind: 'count', value: (r) => r.issuesResolved },
  { heading: '办结率', kind: 'rate', value: (r) => r.completionRate },
  { heading: '超期未办结(项)', kind: 'count', value: (r) => r.openOverdue },
];

/** The breakdown's rows and their 合计 (the report's total: the rows sum to it). */
export function categoryLines(report: CampaignReport): CategoryRow[] {
  const t = report.total;
  const total: CategoryRow = {
    category: TOTAL_NAME,
    inCatalogue: true,
    issuesCollected: t.issuesCollected,
    issuesResolved: t.issuesResolved,
    completionRate: t.completionRate,
    openOverdue: t.openOverdue,
  };
  return [...(report.categories ?? []), total];
}

export function percent(rate: number | null): string {
  return rate === null ? '-' : `${(rate * 100).toFixed(2)}%`;
}

function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** UTF-8 with a BOM and CRLF line ends, as Excel expects. */
export function reportCsv(report: CampaignReport): Buffer {
  const out = [TABLE_COLUMNS.map((c) => csvField(c.heading)).join(',')];
  for (const line of tableLines(report)) {
    out.push(
      TABLE_COLUMNS.map((c) => {
        const v = c.value(line);
        return csvField(c.kind === 'rate' ? percent(v as number | null) : String(v ?? ''));
      }).join(','),
    );
  }
  out.push('', CATEGORY_COLUMNS.map((c) => csvField(c.heading)).join(','));
  for (const row of categoryLines(report)) {
    out.push(
      CATEGORY_COLUMNS.map((c) => {
        const v = c.value(row);
        return csvField(c.kind === 'rate' ? percent(v as number | null) : String(v ?? ''));
      }).join(','),
    );
  }
  return Buffer.from('\uFEFF' + out.join('\r\n') + '\r\n', 'utf8');
}

export const XLSX_HEADER_ROW = 2;

export async function reportXlsx(report: CampaignReport): Promise<Buffer> {
  // Loaded on first use: exceljs costs every process ~25 MB of memory, and most never write a workbook.
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'banjie';
  const ws = wb.addWorksheet('统计表', { views: [{ state: 'frozen', xSplit: 1, ySplit: XLSX_HEADER_ROW }] });
  const known = report.knownAt ? `，按 ${report.knownAt} 时已登记的数据` : '';
  ws.getCell(1, 1).value = `${REPORT_TITLE}（截至 ${report.asOf}${known}）`;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.mergeCells(1, 1, 1, TABLE_COLUMNS.length);
  const header = ws.getRow(XLSX_HEADER_ROW);
  TABLE_COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.heading;
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  });
  header.height = 32;
  tableLines(report).forEach((line, n) => {
    const row = ws.getRow(XLSX_HEADER_ROW + 1 + n);
    TABLE_COLUMNS.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      const v = c.value(line);
      cell.value = v === null ? null : v;
      if (c.kind === 'rate') cell.numFmt = '0.00%';
      if (c.kind === 'count') cell.numFmt = '0';
    });
    if (line.kind !== 'unit') row.font = { bold: true };
  });
  ws.columns.forEach((col, i) => (col.width = i === 0 ? 28 : i === 1 ? 8 : 12));
  categorySheet(wb, report, known);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function categorySheet(wb: ExcelJS.Workbook, report: CampaignReport, known: string): void {
  const ws = wb.addWorksheet(CATEGORY_SHEET, { views: [{ state: 'frozen', xSplit: 1, ySplit: XLSX_HEADER_ROW }] });
  ws.getCell(1, 1).value = `按问题类别统计（截至 ${report.asOf}${known}）`;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.mergeCells(1, 1, 1, CATEGORY_COLUMNS.length);
  const header = ws.getRow(XLSX_HEADER_ROW);
  CATEGORY_COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.heading;
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  });
  const lines = categoryLines(report);
  lines.forEach((line, n) => {
    const row = ws.getRow(XLSX_HEADER_ROW + 1 + n);
    CATEGORY_COLUMNS.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      cell.value = c.value(line);
      if (c.kind === 'rate') cell.numFmt = '0.00%';
      if (c.kind === 'count') cell.numFmt = '0';
    });
    if (n === lines.length - 1) row.font = { bold: true };
  });
  ws.columns.forEach((col, i) => (col.width = i === 0 ? 24 : 14));
}
