export * from './demoWorkspace';
