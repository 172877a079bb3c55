import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

/** `?page=&pageSize=` (1-based; pageSize 1–200, default 50). */
export class PageQueryDto {
  @IsOptional()
  @Matches(/^[1-9]\d{0,5}$/, { message: 'page must be a positive integer' })
  @ApiPropertyOptional({ type: 'integer', minimum: 1, default: 1 })
  page?: string;

  @IsOptional()
  @Matches(/^([1-9]|[1-9]\d|1\d\d|200)$/, { message: 'pageSize must be an integer 1–200' })
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, default: 50 })
  pageSize?: string;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export function paging(q: PageQueryDto): { page: number; pageSize: number; offset: number } {
  const page = Number(q.page ?? 1);
  const pageSize = Number(q.pageSize ?? 50);
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/** Runs `SELECT …, count(*) OVER () AS total_count` style queries into a page. */
export function toPage<T>(rows: Array<Record<string, unknown>>, p: { page: number; pageSize: number }, map: (r: any) => T): Page<T> {
  const total = rows.length ? Number(rows[0].total_count) : 0;
  return { items: rows.map(map), page: p.page, pageSize: p.pageSize, total };
}
