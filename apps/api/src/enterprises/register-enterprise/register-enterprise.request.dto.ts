import { NAME_MAX_LENGTH } from '@banjie/domain';
import { CreditCodeField, OccurredAtField, TextField } from '../../http/dto-fields';

export class RegisterEnterpriseRequestDto {
  @CreditCodeField({ description: '18-character unified social credit code (GB 32100-2015); lower case is normalised' })
  creditCode: string;

  @TextField(NAME_MAX_LENGTH, { example: '湖北某建设集团有限公司' })
  name: string;

  @TextField(NAME_MAX_LENGTH, { example: '武汉市' })
  region: string;

  @OccurredAtField()
  occurredAt?: string;
}
