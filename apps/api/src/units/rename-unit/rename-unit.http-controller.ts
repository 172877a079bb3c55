import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandMeta, type CommandResult, RenameUnitCommand } from '@banjie/application';
import { ApiCommand } from '../../http/api-docs';
import { IdPipe } from '../../http/id.pipe';
import { RequestMeta, at } from '../../http/request-meta';
import { RenameUnitRequestDto } from './rename-unit.request.dto';

@ApiTags('units')
@Controller('units')
export class RenameUnitHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/rename')
  @HttpCode(200)
  @ApiCommand('rename a unit (administrator)', 200)
  renameUnit(
    @Param('id', IdPipe) id: string,
    @Body() body: RenameUnitRequestDto,
    @RequestMeta() meta: CommandMeta,
  ): Promise<CommandResult> {
    return this.commandBus.execute(new RenameUnitCommand({ unitId: id, name: body.name }, at(meta, body)));
  }
}
