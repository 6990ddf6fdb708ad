/**
 * The Learn page's state: a tiny seeded world and a Stepper (core/teach) that trains it one
 * sample at a time with the trainer's own step functions, plus play/pause at a chosen speed.
 * The world is a handful of rows, so each step is microseconds of plain JS on the main thread:
 * no worker round trip is worth it here.
 */
import { Stepper, type StepLoss, type StepRecord, type Vectors } from '$lib/core/teach/stepper';
import { tinyWorld, type TinyWorld } from '$lib/core/teach/tiny-dataset';
import { stepMapRange } from '$lib/charts/learn-charts';

/** How many earlier positions the plot's paths show. */
export const TRAIL_STEPS = 30;

/** Steps per second offered by the speed control. */
export const SPEEDS = [0.5, 1, 2, 5, 20] as const;

export class LearnPage {
  loss = $state<StepLoss>('warp');
  seed = $state(1);
  speed = $state<number>(1);
  playing = $state(false);
  world = $state.raw<TinyWorld>(tinyWorld({ seed: 1 }));
  record = $state.raw<StepRecord | null>(null);
  vectors = $state.raw<Vectors | null>(null);
  /** Axis half-width: grows to keep every point in view, never shrinks (so motion stays visible). */
  range = $state(0.3);
  steps = $state(0);
  /** Positions before each of the last TRAIL_STEPS steps, oldest first (the plot draws them as paths). */
  trail = $state.raw<Vectors[]>([]);
  /** Sum of sample losses in the current epoch, and samples counted. */
  epochLoss = $state.raw<{ epoch: number; mean: number }[]>([]);
  /** The resolved options the stepper trains with (the real trainer's defaults). */
  options = $state.raw({ learningRate: 0, maxSampled: 0 });
  private stepper: Stepper | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = { epoch: 0, sum: 0, n: 0 };

  constructor() {
    this.reset();
  }

  get nSamples(): number {
    return this.world.data.train.userIdx.length;
  }

  /** A fresh model (and world) from the current loss and seed. */
  reset(): void {
    this.pause();
    this.world = tinyWorld({ seed: this.seed });
    this.stepper = new Stepper({ data: this.world.data, loss: this.loss, seed: this.seed });
    this.options = {
      learningRate: this.stepper.config.learningRate,
      maxSampled: this.stepper.config.maxSampled
    };
    this.record = null;
    this.steps = 0;
    this.epochLoss = [];
    this.trail = [];
    this.running = { epoch: 0, sum: 0, n: 0 };
    this.vectors = this.stepper.vectors();
    this.range = Math.max(0.3, stepMapRange(this.vectors.users, this.vectors.items));
  }

  step(): void {
    if (!this.stepper) return;
    const r = this.stepper.step();
    if (r.epoch !== this.running.epoch) {
      if (this.running.n > 0)
        this.epochLoss = [
          ...this.epochLoss,
          { epoch: this.running.epoch, mean: this.running.sum / this.running.n }
        ];
      this.running = { epoch: r.epoch, sum: 0, n: 0 };
    }
    this.running.sum += r.sampleLoss;
    this.running.n++;
    this.record = r;
    this.steps = this.stepper.stepsTaken;
    if (this.vectors) this.trail = [...this.trail.slice(1 - TRAIL_STEPS), this.vectors];
    this.vectors = this.stepper.vectors();
    this.range = Math.max(this.range, stepMapRange(this.vectors.users, this.vectors.items));
  }

  play(): void {
    if (this.playing) return;
    this.playing = true;
    this.tick();
  }

  pause(): void {
    this.playing = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  setLoss(loss: StepLoss): void {
    this.loss = loss;
    this.reset();
  }

  setSeed(seed: number): void {
    this.seed = Number.isInteger(seed) && seed >= 0 ? seed : 1;
    this.reset();
  }

  destroy(): void {
    this.pause();
  }

  private tick(): void {
    if (!this.playing) return;
    this.step();
    this.timer = setTimeout(() => this.tick(), 1000 / this.speed);
  }
}
