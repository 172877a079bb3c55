import { Injectable, type PipeTransform } from '@nestjs/common';
import { ID_MAX_LENGTH } from '@banjie/domain';
import { ProblemError } from '@banjie/platform';
import { ID_PATTERN } from './dto-fields';

/** A path `:id` must look like an id; anything else is refused before a stream is read. */
@Injectable()
export class IdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || value.length > ID_MAX_LENGTH || !ID_PATTERN.test(value)) {
      throw new ProblemError(400, 'REQUEST.ID_INVALID', 'the id in the path must be 1–100 letters, digits or . _ : -', {
        errors: [{ field: 'id', message: 'invalid id' }],
      });
    }
    return value;
  }
}
