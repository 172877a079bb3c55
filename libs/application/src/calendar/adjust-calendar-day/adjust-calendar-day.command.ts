import type { AdjustCalendarDay } from '@banjie/domain';
import { BanjieCommand } from '../../command-meta';

/** `new AdjustCalendarDayCommand({ date, isWorkday, name, sourceNotice }, meta?)`; answers `{ id: 'calendar', version }`. */
export class AdjustCalendarDayCommand extends BanjieCommand<AdjustCalendarDay['data']> {}
