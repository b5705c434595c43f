// Entrypoints for the layouts real projects have, a project Dockerfile's own command, and
// repo2docker's start wrapper.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dockerfileCommand, layoutEntrypoints, proposeEntrypoints } from '../../../../main/core/scan/results';
import { scanProject } from '../../../../main/core/scan/scan-project';
import { writeProject } from '../../../helpers/write-project';

describe('layoutEntrypoints', () => {
  it('proposes the entrypoints of cookiecutter, minGPT, run-script, R and Julia layouts', () => {
    const commands = layoutEntrypoints([
      'src/models/train_model.py',
      'ccds_demo/modeling/train.py',
      'projects/adder/adder.py',
      'projects/adder/__init__.py',
      'scripts/train cifar.sh',
      'runs/baseline.sh',
      'analysis.Rmd',
      'main.R',
      'scripts/run.jl',
      'src/util.py',
    ]).map((proposal) => proposal.command);
    expect(commands).toEqual([
      'python src/models/train_model.py',
      'python -m ccds_demo.modeling.train',
      'python projects/adder/adder.py',
      "bash 'scripts/train cifar.sh'",
      'bash runs/baseline.sh',
      `Rscript -e "rmarkdown::render('analysis.Rmd')"`,
      'Rscript main.R',
      'julia --project=. scripts/run.jl',
    ]);
  });
});

describe('dockerfileCommand', () => {
  it('reads CMD after ENTRYPOINT, in exec or shell form; the last of each counts', () => {
    expect(dockerfileCommand('FROM python:3.7\nCMD ["python", "main.py", "--epochs", "3"]\n')).toBe(
      'python main.py --epochs 3',
    );
    expect(dockerfileCommand('FROM x\nENTRYPOINT ["python"]\nCMD ["a.py"]\nCMD ["b.py"]\n')).toBe('python b.py');
    expect(dockerfileCommand('FROM x\nCMD python train.py > log.txt\n')).toBe('python train.py > log.txt');
    expect(dockerfileCommand('FROM x\nRUN pip install numpy\n')).toBeUndefined();
  });
});

describe("repo2docker's start wrapper", () => {
  it('every proposed command runs through it, shown as part of the command', async () => {
    const work = await mkdtemp(path.join(tmpdir(), 'rb-start-'));
    try {
      const root = await writeProject(path.join(work, 'binder-project'), {
        'binder/requirements.txt': 'numpy==1.26.4\n',
        'binder/start': '#!/bin/bash\nexport DATA_DIR=/tmp/data\nexec "$@"\n',
        'train.py': 'print(1)\n',
      });
      await chmod(path.join(root, 'binder', 'start'), 0o755);
      const scan = await scanProject(root, { hardware: false });
      expect(scan.entrypointProposals[0]).toEqual({
        command: './binder/start python train.py',
        source: "script train.py, through binder/start (the project's start wrapper)",
      });
      expect(scan.environment.files).toContainEqual({ path: 'binder/start', kind: 'start wrapper' });
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});

describe('scripts meant to be run, one folder down', () => {
  it("proposes a script with a __main__ block (training first), never a test, a setup file or a module's inside", async () => {
    const work = await mkdtemp(path.join(tmpdir(), 'rb-scripts-'));
    try {
      const files: Record<string, string> = {
        // improved-diffusion's layout
        'scripts/image_sample.py': 'def main():\n    pass\n\nif __name__ == "__main__":\n    main()\n',
        'scripts/image_train.py': "def main():\n    pass\n\nif __name__ == '__main__':\n    main()\n",
        'improved_diffusion/unet.py': 'class UNet: pass\n',
        'tests/test_unet.py': 'if __name__ == "__main__":\n    pass\n',
        'pkg/deep/inner.py': 'if __name__ == "__main__":\n    pass\n',
        'setup.py': 'if __name__ == "__main__":\n    pass\n',
      };
      const root = await writeProject(path.join(work, 'paper'), files);
      const commands = (await proposeEntrypoints(root, Object.keys(files), [])).map((proposal) => proposal.command);
      expect(commands).toEqual(['python scripts/image_train.py', 'python scripts/image_sample.py']);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});
