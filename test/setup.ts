// aws-local-stepfunctions uses Promise.withResolvers (Node 22); the machine's Node is 20.
import '../local/polyfills';
