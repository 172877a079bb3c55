import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandMeta, type CommandResult, AdjustCalendarDayCommand } from '@banjie/application';
import { ApiCommand } from '../../http/api-docs';
import { RequestMeta, at } from '../../http/request-meta';
import { AdjustCalendarDayRequestDto } from './adjust-calendar-day.request.dto';

@ApiTags('calendar')
@Controller('calendar')
export class AdjustCalendarDayHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post('adjustments')
  @ApiCommand('record a holiday or make-up working day over the official calendar (administrator)', 201)
  adjustCalendarDay(@Body() body: AdjustCalendarDayRequestDto, @RequestMeta() meta: CommandMeta): Promise<CommandResult> {
    return this.commandBus.execute(
      new AdjustCalendarDayCommand(
        { date: body.date, isWorkday: body.isWorkday, name: body.name, sourceNotice: body.sourceNotice },
        at(meta, body),
      ),
    );
  }
}
