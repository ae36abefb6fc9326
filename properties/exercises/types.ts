// The functions of every exercise, typed: the laws call them through these.
// Types cannot be read from exercise.json, so each exercise's kata.ts declares
// its interface and this file joins them; selftest/registry.test.ts checks
// that it names exactly the registry's exercises.

import type { CrossEntropyKata } from './crossentropy/kata';
import type { LayerNormKata } from './layernorm/kata';
import type { LinearKata } from './linear/kata';
import type { MlpKata } from './mlp/kata';
import type { SoftmaxKata } from './softmax/kata';

export type Kata = LinearKata & SoftmaxKata & CrossEntropyKata & LayerNormKata & MlpKata;
