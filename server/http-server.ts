import http, { type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Express } from 'express';

/**
 * The HTTP server of an Express app, whose requests and responses are made with the app's own request and response
 * prototypes (app.request, app.response) from the start. Express otherwise swaps the prototype of both objects on
 * every request (Object.setPrototypeOf in app.handle): V8 then gives each object a new hidden class, and the property
 * accesses of Node's HTTP code and of Express on them meet shapes that vary. With the prototypes already right, the
 * swap does nothing (setting the prototype an object already has is a no-op). `handler` (the app by default) answers
 * the requests; it may route some before the app.
 */
export function createHttpServer(app: Express, handler: RequestListener = app): Server {
  function AppRequest(this: IncomingMessage, socket: Socket): void {
    (http.IncomingMessage as unknown as (this: IncomingMessage, socket: Socket) => void).call(this, socket);
  }
  AppRequest.prototype = app.request;
  function AppResponse(this: ServerResponse, req: IncomingMessage, options?: object): void {
    (http.ServerResponse as unknown as (this: ServerResponse, req: IncomingMessage, options?: object) => void).call(this, req, options);
  }
  AppResponse.prototype = app.response;
  return http.createServer(
    {
      IncomingMessage: AppRequest as unknown as typeof IncomingMessage,
      ServerResponse: AppResponse as unknown as typeof ServerResponse,
    },
    handler,
  );
}
