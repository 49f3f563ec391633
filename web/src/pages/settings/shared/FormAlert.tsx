import { ErrorNotice } from '../../../components/ErrorNotice';
import { needsFormAlert, unplacedFieldErrors, type FieldMatcher } from './forms';

/**
 * What a failed submit says above the form when its fields cannot say it all: the general error, plus any field
 * error the form has no field for.
 */
export function FormAlert({ title, error, fields }: { title: string; error: unknown; fields: FieldMatcher }) {
  if (!needsFormAlert(error, fields)) return null;
  const extra = unplacedFieldErrors(error, fields);
  return (
    <div className="space-y-1">
      <ErrorNotice title={title} error={error} />
      {extra.length > 0 && (
        <ul className="list-inside list-disc text-sm text-red-700 dark:text-red-300">
          {extra.map((e) => (
            <li key={`${e.field}:${e.message}`}>
              <code>{e.field}</code>: {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
