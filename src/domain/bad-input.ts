// The command line named something that is wrong (a malformed ID, a node that does not
// exist): exit 2 with the message, as opposed to something failing on the way (exit 1).
// Errors of that kind extend this class wherever they are thrown.
export class BadInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
