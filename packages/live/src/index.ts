export { LiveHub, frame, type ChangeSource, type EventReader, type Topic, type LiveHubOptions } from "./live-hub.js";
