import { randomUUID } from 'node:crypto';
import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandMeta, type CommandResult, RegisterUnitCommand } from '@banjie/application';
import { ApiCommand } from '../../http/api-docs';
import { RequestMeta, at } from '../../http/request-meta';
import { RegisterUnitRequestDto } from './register-unit.request.dto';

@ApiTags('units')
@Controller('units')
export class RegisterUnitHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @ApiCommand('register a handling unit (单位)', 201, { ifMatch: false })
  registerUnit(@Body() body: RegisterUnitRequestDto, @RequestMeta() meta: CommandMeta): Promise<CommandResult> {
    const id = body.id ?? randomUUID();
    return this.commandBus.execute(
      new RegisterUnitCommand(
        { unitId: id, name: body.name, level: body.level, parentUnitId: body.parentUnitId ?? null, region: body.region },
        at(meta, body),
      ),
    );
  }
}
