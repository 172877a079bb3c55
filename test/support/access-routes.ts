import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';

/**
 * Every route the Nest router serves, as `METHOD /path/:param` (the keys of ROUTE_POLICY), read
 * from the controllers' metadata — including controllers hidden from /docs.
 */
export function listRoutes(app: INestApplication): string[] {
  const routes = new Set<string>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!type?.prototype) continue;
      const bases = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, type) ?? '');
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = name === 'constructor' ? undefined : Object.getOwnPropertyDescriptor(type.prototype, name)?.value;
        if (typeof handler !== 'function') continue;
        const paths = Reflect.getMetadata(PATH_METADATA, handler);
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (paths === undefined || method === undefined) continue;
        for (const base of bases)
          for (const path of ([] as string[]).concat(paths)) routes.add(`${RequestMethod[method]} ${join(base, path)}`);
      }
    }
  }
  return [...routes].sort();
}

function join(base: string, path: string): string {
  const p = `/${base}/${path}`.replace(/\/+/g, '/');
  return p.length > 1 ? p.replace(/\/$/, '') : p;
}
