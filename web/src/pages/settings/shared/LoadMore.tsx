import { ErrorNotice } from '../../../components/ErrorNotice';
import { t } from '../../../i18n';

interface Pager {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  error: unknown;
  fetchNextPage: () => unknown;
}

/** "Load more" under a cursor-paged list, with progress and the error of the last page asked for. */
export function LoadMore({ list, errorTitle }: { list: Pager; errorTitle: string }) {
  return (
    <div className="mt-3 space-y-2">
      {list.isFetchNextPageError && <ErrorNotice title={errorTitle} error={list.error} />}
      {list.hasNextPage && (
        <button
          type="button"
          className="btn-secondary"
          onClick={() => void list.fetchNextPage()}
          disabled={list.isFetchingNextPage}
        >
          {list.isFetchingNextPage ? t('list.loadingMore') : t('list.loadMore')}
        </button>
      )}
    </div>
  );
}
