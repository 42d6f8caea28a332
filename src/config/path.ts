/** Where a repository keeps its config. Its own module: naming the file loads neither the schema nor the rules. */
export const CONFIG_PATH = '.github/rust-review.yml';
