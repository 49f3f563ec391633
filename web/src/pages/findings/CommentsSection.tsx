import { useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { errorMessage } from '../../components/errorMessage';
import { formatDate, formatRelative, t } from '../../i18n';
import { useAddComment, useFindingComments } from './queries';
import { TextAreaField } from './TextAreaField';

const MAX_COMMENT = 10_000;

/** The discussion of a finding, oldest first, and (with findings:triage) a form to add to it. */
export function CommentsSection({ id, canComment }: { id: string; canComment: boolean }) {
  const comments = useFindingComments(id);
  const add = useAddComment(id);
  const [text, setText] = useState('');
  const [empty, setEmpty] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim() === '') {
      setEmpty(true);
      return;
    }
    setEmpty(false);
    add.mutate(text, { onSuccess: () => setText('') });
  };

  let list;
  if (comments.isPending) list = <p className="text-sm text-slate-600 dark:text-slate-400">{t('app.loading')}</p>;
  else if (comments.isError)
    list = <ErrorNotice title={t('findings.comments.loadFailed')} error={comments.error} onRetry={() => void comments.refetch()} />;
  else {
    const items = comments.data.pages.flatMap((p) => p.items);
    list =
      items.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {canComment ? t('findings.comments.noneCanAdd') : t('findings.comments.none')}
        </p>
      ) : (
        <ul className="space-y-3">
          {items.map((c) => (
            <li key={c.id} className="rounded-md bg-slate-50 p-3 text-sm dark:bg-slate-800">
              <p className="flex flex-wrap items-baseline justify-between gap-2">
                <span className="font-medium">{c.author}</span>
                <time dateTime={c.created_at} title={formatDate(c.created_at)} className="text-xs text-slate-600 dark:text-slate-400">
                  {formatRelative(c.created_at)}
                </time>
              </p>
              <p className="mt-1 whitespace-pre-wrap break-words">{c.text}</p>
            </li>
          ))}
        </ul>
      );
  }

  return (
    <div className="space-y-3">
      {list}
      {comments.hasNextPage && (
        <button type="button" className="btn-secondary" disabled={comments.isFetchingNextPage} onClick={() => void comments.fetchNextPage()}>
          {comments.isFetchingNextPage ? t('list.loadingMore') : t('list.loadMore')}
        </button>
      )}
      {canComment && (
        <form onSubmit={submit} className="space-y-2" noValidate>
          <TextAreaField
            label={t('findings.comments.add')}
            value={text}
            onChange={setText}
            rows={3}
            maxLength={MAX_COMMENT}
            error={empty ? t('findings.comments.emptyError') : add.isError ? errorMessage(add.error) : undefined}
          />
          <button type="submit" className="btn-primary" disabled={add.isPending}>
            {add.isPending ? t('findings.comments.posting') : t('findings.comments.post')}
          </button>
        </form>
      )}
    </div>
  );
}
