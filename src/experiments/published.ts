// The course's published figures. Used only to compare against measured runs (reproduce, tests);
// nothing that computes a result reads this file.
//
// Sources: every figure is as printed in the blog version of the course notebooks; the large random
// (×10) run is also printed by the 2017 notebook, whose cost trace differs (the run is chaotic) while
// its accuracies and its 400 printed predictions agree with the blog's.

export const BLOG = 'blog';
export const NOTEBOOK_2017 = '2017 notebook';

export interface PublishedRun {
  /** The document that prints these figures. */
  source: string;
  /** Reported costs by iteration, every one the course prints. */
  costs: Record<number, number | 'inf'>;
  accuracy: { train: number; test: number };
}

export interface PublishedGradcheck {
  buggy: number;
  /** Printed with 8 significant digits. */
  fixed: number;
  fixedDigits: number;
  suspects: string[];
}

const every = (step: number, values: (number | 'inf')[]): Record<number, number | 'inf'> =>
  Object.fromEntries(values.map((v, i) => [i * step, v]));

const he = [0.8830537463419761, 0.6879825919728063, 0.6751286264523371, 0.6526117768893807, 0.6082958970572937,
  0.5304944491717495, 0.4138645817071793, 0.3117803464844441, 0.23696215330322556, 0.18597287209206828,
  0.15015556280371808, 0.12325079292273548, 0.09917746546525937, 0.08457055954024274, 0.07357895962677366];

const randomBlog: (number | 'inf')[] = ['inf', 0.6239567039908781, 0.5978043872838292, 0.563595830364618, 0.5500816882570866,
  0.5443417928662615, 0.5373553777823036, 0.4700141958024487, 0.3976617665785177, 0.39344405717719166,
  0.39201765232720626, 0.38910685278803786, 0.38612995897697244, 0.3849735792031832, 0.38275100578285265];

const random2017: (number | 'inf')[] = ['inf', 0.6237287551108738, 0.5981106708339466, 0.5638353726276827, 0.550152614449184,
  0.5444235275228304, 0.5374184054630083, 0.47357131493578297, 0.39775634899580387, 0.3934632865981078,
  0.39202525076484457, 0.38921493051297673, 0.38614221789840486, 0.38497849983013926, 0.38278397192120406];

/** The course runs by configs/ name, as the blog prints them. */
export const PUBLISHED_RUNS: Record<string, PublishedRun> = {
  'init-zeros': { source: BLOG, costs: every(1000, Array<number>(15).fill(0.6931471805599453)), accuracy: { train: 0.5, test: 0.5 } },
  'init-random': { source: BLOG, costs: every(1000, randomBlog), accuracy: { train: 0.83, test: 0.86 } },
  'init-he': { source: BLOG, costs: every(1000, he), accuracy: { train: 0.9933333333333333, test: 0.96 } },
  'reg-none': { source: BLOG, costs: every(10000, [0.6557412523481002, 0.16329987525724196, 0.13851642423239133]), accuracy: { train: 0.9478672985781991, test: 0.915 } },
  'reg-l2': { source: BLOG, costs: every(10000, [0.6974484493131264, 0.2684918873282239, 0.2680916337127301]), accuracy: { train: 0.9383886255924171, test: 0.93 } },
  'reg-dropout': { source: BLOG, costs: every(10000, [0.6543912405149825, 0.061016986574905605, 0.060582435798513114]), accuracy: { train: 0.9289099526066351, test: 0.95 } },
};

/** Other printings of a course run: the 2017 notebook's large random (×10) run. */
export const OTHER_VERSIONS: Record<string, PublishedRun[]> = {
  'init-random': [{ source: NOTEBOOK_2017, costs: every(1000, random2017), accuracy: { train: 0.83, test: 0.86 } }],
};

/** The ×10 run's printed 0/1 predictions, one character per example (both versions print these). */
export const PUBLISHED_RANDOM_PREDICTIONS = {
  train: '101100111110100101100010111111011001111111101111010111100111101101011110000010101110011111100111011010110110101100100110111010010111111101100110001010101110011110110101101011110111101010111101101101101011101110101001011011011011101111010011011100011011110110111001000100011110000111100111111100011110',
  test: '1111010110111000010100101011111000010110011111011101011010101111111110101111101001000110110001101100',
};

/** The course's λ comparison: accuracies only. */
export const PUBLISHED_LAMBD: Record<string, { train: number; test: number }> = {
  '0.01': { train: 0.9289099526066351, test: 0.915 },
  '0.1': { train: 0.9383886255924171, test: 0.95 },
  '0.7': { train: 0.9383886255924171, test: 0.93 },
  '1': { train: 0.9241706161137441, test: 0.93 },
};

export const PUBLISHED_GRADCHECK: PublishedGradcheck = {
  buggy: 0.2850931567761624,
  fixed: 1.1890913e-7,
  fixedDigits: 8,
  suspects: ['W2', 'b1'],
};
