import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandMeta, type CommandResult, RegisterEnterpriseCommand } from '@banjie/application';
import { ApiCommand } from '../../http/api-docs';
import { RequestMeta, at } from '../../http/request-meta';
import { RegisterEnterpriseRequestDto } from './register-enterprise.request.dto';

@ApiTags('enterprises')
@Controller('enterprises')
export class RegisterEnterpriseHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @ApiCommand('register an enterprise by its unified social credit code', 201, { ifMatch: false })
  registerEnterprise(@Body() body: RegisterEnterpriseRequestDto, @RequestMeta() meta: CommandMeta): Promise<CommandResult> {
    return this.commandBus.execute(
      new RegisterEnterpriseCommand({ creditCode: body.creditCode, name: body.name, region: body.region }, at(meta, body)),
    );
  }
}
