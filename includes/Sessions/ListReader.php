<?php
/**
 * The store's list of carts: fetched once per connection into ListCache (CoCart's list as released has no
 * paging, so a page of our list is cut from the whole one: docs/cocart-api.md#the-list), its shape recognised,
 * its rows decorated with what the list does not say, and pages of it answered from the cache.
 *
 * A fetch that fails after an earlier success serves the last list with stale = true. A list that dies of memory
 * on the store is remembered (TooBig) and answered with cart_sessions_store_too_big until the re-try time.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Sessions;

use CartSessions\Runtime\AfterResponse;
use WP_Error;

final class ListReader {

	public const LIST_PAGE_SIZE = 100;
	public const MAX_LIST_PAGES = 1000;

	/** @var Store */
	private $store;

	/** @var bool Write a freshly fetched list to the cache after the response (a list view over HTTP). */
	private $write_after_response = false;

	public function __construct( Store $store ) {
		$this->store = $store;
	}

	/**
	 * A cold list view's list goes to the cache after the page has reached the browser (AfterResponse).
	 */
	public function write_after_response( bool $later ): void {
		$this->write_after_response = $later;
	}

	/**
	 * The list: the cached one while fresh, else fetched (or the cached one, stale, when the store fails).
	 * $retry_too_big: ask even if the store was found too big for its list lately (an explicit refresh).
	 *
	 * $page ([offset, count] in the default order, optionally [2] the statuses the view keeps): the caller needs
	 * only those rows now. When the list is fetched and write_after_response() is on, the snapshot's rows are then
	 * just that page (with `total`, the view's size, and `owner`): the page is picked from the store's answer by
	 * expiry alone (a cart's status follows from its expiry), and the rest of the list is normalised and cached
	 * after the response (page_first()).
	 *
	 * @param array{0:int,1:int,2?:string[]}|null $page
	 * @return array{rows:array<int,array<string,mixed>>,fetched_at:int,shape:string,stale:bool,error?:WP_Error,total?:int,owner?:string|null}|WP_Error
	 */
	public function snapshot( bool $refresh, bool $retry_too_big = false, ?array $page = null ) {
		$snapshot = $this->read_snapshot( $refresh, $retry_too_big, $page );
		if ( is_array( $snapshot ) ) {
			$this->store->note_shape( $snapshot['shape'] );
		}
		return $snapshot;
	}

	/**
	 * @return array{rows:array<int,array<string,mixed>>,fetched_at:int,shape:string,stale:bool,error?:WP_Error}|WP_Error
	 */
	private function read_snapshot( bool $refresh, bool $retry_too_big, ?array $page ) {
		$lists  = $this->store->lists();
		$cached = $refresh ? null : $lists->get();
		if ( null !== $cached && $cached['fresh'] ) {
			return self::from_cache( $cached );
		}
		if ( ! $refresh && ! $lists->claim_fetch() ) {
			// Another request was fetching this list (single flight): it is in the cache now, unless that failed.
			$cached = $lists->get();
			if ( null !== $cached && $cached['fresh'] ) {
				return self::from_cache( $cached );
			}
		}
		$cached  = null; // Not held while fetching (10,000 rows are ~10 MB); read again if the store fails.
		$fetched = $this->fetch_raw( $retry_too_big );
		if ( $fetched instanceof WP_Error ) {
			$lists->release_fetch();
			$cached   = $lists->get();
			$too_big  = 'cart_sessions_store_too_big' === $fetched->get_error_code();
			$may_keep = null !== $cached && ! $too_big && ! RouteError::is_config( $fetched );
			if ( $may_keep ) {
				return self::from_cache( $cached, $fetched );
			}
			return $fetched;
		}
		$now   = time();
		$later = $this->write_after_response;
		if ( null !== $page && $later ) {
			list( $offset, $count ) = $page;
			return $this->page_first( $fetched['raw'], $fetched['shape'], $now, $offset, $count, $page[2] ?? array() );
		}
		$rows    = $lists->put( $this->normalise( $fetched['raw'] ), $fetched['shape'], $now, false, $later );
		$fetched = null;
		$keys    = array_column( $rows, 'key' );
		$details = $this->store->details();
		if ( $later ) {
			AfterResponse::add(
				static function () use ( $details, $keys ): void {
					$details->prune( $keys );
					$details->save();
				}
			);
		} else {
			$details->prune( $keys );
		}
		return array(
			'rows'       => $rows,
			'fetched_at' => $now,
			'shape'      => $lists->meta()['shape'] ?? 'released',
			'stale'      => false,
		);
	}

	/**
	 * A cold list view's page straight from the store's answer: the list's order (expiry, newest first, then key)
	 * is worked out from each row's key and expiry alone, only the page's rows are normalised, and the key owner's
	 * cart is found from key, source and expiry. Normalising and caching the whole list waits until the response
	 * has been sent (ListCache::put_later()), as do the detail cache's pruning: at 10,000 carts that is ~0.1–0.3 s
	 * of a cold page's time, on top of the store's own list. Nor is the whole list sorted: only the carts that can
	 * be on the page are. With $statuses (the Sessions tab opens on the live carts) the page and `total` are those
	 * of the carts in those statuses.
	 *
	 * @param array<int|string,mixed> $raw      The store's rows as decoded.
	 * @param string[]                $statuses Only carts in these statuses (Query::STATUSES); none: every cart.
	 * @return array{rows:array<int,array<string,mixed>>,fetched_at:int,shape:string,stale:bool,total:int,owner:string|null}
	 */
	private function page_first(
		array $raw,
		string $shape,
		int $now,
		int $offset,
		int $count,
		array $statuses = array()
	): array {
		// One slot per cart, in the order the store sent them; a key sent twice (a row that moved between the
		// store's pages) keeps its first slot and its last row, as normalise() does.
		$slot_of  = array();
		$at       = array();
		$keys     = array();
		$expiries = array();
		foreach ( $raw as $i => $row ) {
			$key = is_array( $row ) ? Normaliser::key( $row ) : '';
			if ( '' === $key ) {
				continue;
			}
			$lower = strtolower( $key );
			$slot  = $slot_of[ $lower ] ?? null;
			if ( null === $slot ) {
				$slot              = count( $at );
				$slot_of[ $lower ] = $slot;
			}
			$at[ $slot ]       = $i;
			$keys[ $slot ]     = $key;
			$expiries[ $slot ] = $row['cart_expiry'] ?? $row['session_expiry'] ?? null;
		}
		unset( $slot_of );
		$expiries = Normaliser::dates( $expiries ); // As Normaliser::expiry() reads each row, all at once.
		// The key owner's cart key is a user ID: only carts with a numeric key can be it.
		$numeric = array();
		foreach ( preg_grep( '/^\d+$/D', $keys ) as $slot => $key ) {
			$numeric[] = array(
				'key'     => $key,
				'expires' => $expiries[ $slot ],
				'source'  => Normaliser::source( $raw[ $at[ $slot ] ] ),
			);
		}
		$owner      = ( new KeyOwner( $this->store->settings() ) )->find( $numeric );
		$numeric    = null;
		$list_size  = count( $keys );
		$normaliser = $this->store->normaliser();
		// The view's carts: those with an expiry by it (ISO 8601 UTC sorts as time), those without after them.
		$dated   = array();
		$undated = array();
		foreach ( $expiries as $slot => $expires ) {
			if ( array() !== $statuses && ! in_array( $normaliser->status( $expires ), $statuses, true ) ) {
				continue;
			}
			if ( null === $expires ) {
				$undated[] = $slot;
			} else {
				$dated[ $slot ] = $expires;
			}
		}
		$total  = count( $dated ) + count( $undated );
		$wanted = $offset + $count;
		if ( $wanted <= count( $dated ) ) {
			// The page lies among the dated carts: only those at least as late as the one at rank $wanted can be
			// on it (a few more when expiries tie), so only they are put in the list's full order.
			$latest = array_values( $dated );
			rsort( $latest, SORT_STRING );
			$cut    = $latest[ $wanted - 1 ];
			$latest = null;
			$slots  = array_keys(
				array_filter(
					$dated,
					static function ( string $expires ) use ( $cut ): bool {
						return strcmp( $expires, $cut ) >= 0;
					}
				)
			);
		} else {
			$slots = array_merge( array_keys( $dated ), $undated );
			sort( $slots );
		}
		$dated    = null;
		$undated  = null;
		$in_order = array();
		foreach ( $slots as $slot ) {
			$in_order[] = array(
				'key'     => $keys[ $slot ],
				'expires' => $expiries[ $slot ],
			);
		}
		$keys     = null;
		$expiries = null;
		$rows     = array();
		foreach ( array_slice( Query::order( $in_order, 'expires', 'desc' ), $offset, $count ) as $index ) {
			$rows[] = $normaliser->row( $raw[ $at[ $slots[ $index ] ] ] );
		}
		$in_order = null;
		// The store's rows go to the job alone (this request's other references are gone by then), which frees each
		// as it is normalised: never the decoded answer and the normalised list whole at once.
		$held    = (object) array( 'raw' => $raw );
		$raw     = null;
		$details = $this->store->details();
		$lists   = $this->store->lists();
		$lists->put_later(
			$list_size,
			$shape,
			$now,
			function () use ( $held, $at, $details ): array {
				$raw       = $held->raw;
				$held->raw = null;
				$slots     = array();
				foreach ( $at as $i ) {
					$slots[] = $raw[ $i ];
					unset( $raw[ $i ] );
				}
				$raw  = null;
				$rows = $this->normalise( $slots );
				$details->prune( array_column( $rows, 'key' ) );
				return $rows;
			}
		);
		$lists->put_owner( $owner );
		return array(
			'rows'       => $rows,
			'fetched_at' => $now,
			'shape'      => $shape,
			'stale'      => false,
			'total'      => $total,
			'owner'      => $owner,
		);
	}

	/**
	 * A snapshot of the cached list: as fresh, or stale with the error that kept it from being fetched again.
	 *
	 * @param array{rows:array<int,array<string,mixed>>,fetched_at:int,shape:string} $cached ListCache::get().
	 * @return array{rows:array<int,array<string,mixed>>,fetched_at:int,shape:string,stale:bool,error?:WP_Error}
	 */
	private static function from_cache( array $cached, ?WP_Error $error = null ): array {
		$snapshot = array(
			'rows'       => $cached['rows'],
			'fetched_at' => $cached['fetched_at'],
			'shape'      => $cached['shape'],
			'stale'      => null !== $error,
		);
		if ( null !== $error ) {
			$snapshot['error'] = $error;
		}
		return $snapshot;
	}

	/**
	 * Fetches every cart from the store (one request; page by page where the store pages), normalised. While the
	 * store is remembered as too big for its own list (TooBig), it is not asked, unless $retry_too_big.
	 *
	 * @return array{rows:array<int,array<string,mixed>>,shape:string}|WP_Error
	 */
	public function fetch( bool $retry_too_big = false ) {
		$fetched = $this->fetch_raw( $retry_too_big );
		if ( $fetched instanceof WP_Error ) {
			return $fetched;
		}
		return array(
			'rows'  => $this->normalise( $fetched['raw'] ),
			'shape' => $fetched['shape'],
		);
	}

	/**
	 * fetch() up to the store's rows as decoded (not normalised yet).
	 *
	 * @return array{raw:array<int|string,mixed>,shape:string}|WP_Error
	 */
	private function fetch_raw( bool $retry_too_big ) {
		$seen = $retry_too_big ? null : $this->store->too_big_memo()->get();
		if ( null !== $seen ) {
			return TooBig::error( $seen );
		}
		$client = $this->store->client();
		$query  = array(
			'page'     => 1,
			'per_page' => self::LIST_PAGE_SIZE,
		);
		$answer = $client->get( 'cocart/v2/sessions', $query );
		if ( $answer instanceof WP_Error ) {
			$data   = (array) $answer->get_error_data();
			$reason = $data['reason'] ?? '';
			if ( 'not_found' === $reason && 'cocart_no_carts_in_session' === ( $data['upstream_code'] ?? '' ) ) {
				return array(
					'raw'   => array(),
					'shape' => 'released',
				);
			}
			if ( ! empty( $data['list_oom'] )
				|| ( 'not_json' === $reason && 'truncated' === ( $data['body_kind'] ?? '' ) ) ) {
				return $this->too_big( $answer );
			}
			return RouteError::from( $answer );
		}
		$data  = is_array( $answer->data ) ? $answer->data : array();
		$pages = (int) ( $answer->header( 'x-wp-totalpages' ) ?? 0 );
		$paged = null !== $answer->header( 'x-wp-total' ) || isset( $data['sessions'] );
		$first = is_array( $data['sessions'] ?? null ) ? $data['sessions'] : $data;
		$shape = $paged || self::has_documented_rows( $first ) ? 'documented' : 'released';
		$raw   = $first;
		if ( $paged && $pages > 1 ) {
			$requests = array();
			for ( $p = 2; $p <= min( $pages, self::MAX_LIST_PAGES ); $p++ ) {
				$requests[ $p ] = array( 'GET', 'cocart/v2/sessions', array( 'page' => $p ) + $query );
			}
			foreach ( $client->request_many( $requests, Store::DETAIL_CONCURRENCY ) as $more ) {
				if ( $more instanceof WP_Error ) {
					return RouteError::from( $more );
				}
				$more_rows = is_array( $more->data['sessions'] ?? null )
					? $more->data['sessions']
					: (array) $more->data;
				$raw       = array_merge( $raw, $more_rows );
			}
		}
		return array(
			'raw'   => $raw,
			'shape' => $shape,
		);
	}

	/**
	 * The store's rows (as decoded) normalised, each freed as soon as it is done: at 10,000 carts the decoded
	 * answer and the normalised rows would otherwise both be in memory (~10 MB each). A key sent twice (a row that
	 * moved between the store's pages) counts once. $raw is emptied.
	 *
	 * @param array<int|string,mixed> $raw
	 * @return array<int,array<string,mixed>>
	 */
	private function normalise( array &$raw ): array {
		$normaliser = $this->store->normaliser();
		$rows       = array();
		foreach ( array_keys( $raw ) as $i ) {
			$row = is_array( $raw[ $i ] ) ? $normaliser->row( $raw[ $i ] ) : array( 'key' => '' );
			unset( $raw[ $i ] );
			if ( '' !== $row['key'] ) {
				$rows[ strtolower( (string) $row['key'] ) ] = $row;
			}
		}
		return array_values( $rows );
	}

	/**
	 * Whether a list's first row has the documented shape (a session_key or cart_items field).
	 *
	 * @param array<int|string,mixed> $first The list's rows.
	 */
	private static function has_documented_rows( array $first ): bool {
		return isset( $first[0] ) && is_array( $first[0] )
			&& ( isset( $first[0]['session_key'] ) || isset( $first[0]['cart_items'] ) );
	}

	/**
	 * The list died of memory on the store: remember it (no view asks again before the re-try time, as each try is
	 * a PHP fatal there), end the cached list's freshness (it is no longer the store's list), and say so.
	 */
	private function too_big( WP_Error $error ): WP_Error {
		$info = $this->store->refresh_info();
		$this->store->lists()->end_freshness();
		$seen                    = $this->store->too_big_memo()->remember( $info['counts'] );
		$seen['upstream_status'] = $error->get_error_data()['upstream_status'] ?? null;
		return TooBig::error( $seen );
	}

	/**
	 * The cleanup's re-check: these carts as the store lists them right now (one fresh list request, never a
	 * cached or stale one), decorated; carts no longer listed are left out. Nothing is written to the caches.
	 *
	 * @param string[] $keys
	 * @return array<string,array<string,mixed>>|WP_Error By key.
	 */
	public function current( array $keys ) {
		$fetched = $this->fetch_raw( false );
		if ( $fetched instanceof WP_Error ) {
			return $fetched;
		}
		$this->store->note_shape( $fetched['shape'] );
		// Only these carts' rows are normalised (a re-check of 25 carts in a list of thousands): the rest of the
		// list is looked at for its key alone. A key sent twice counts once, its last row, as normalise() does.
		$wanted = array_flip( array_map( 'strval', $keys ) );
		$listed = array();
		foreach ( $fetched['raw'] as $row ) {
			$key = is_array( $row ) ? Normaliser::key( $row ) : '';
			if ( '' !== $key && isset( $wanted[ $key ] ) ) {
				$listed[ strtolower( $key ) ] = $row;
			}
		}
		$fetched = null;
		$listed  = $this->normalise( $listed );
		$owner   = $this->store->lists()->meta()['owner'] ?? null;
		return $this->decorate( $listed, $owner, 'documented' === $this->store->shape() );
	}

	/**
	 * Normalised rows with status, currency, key-owner flag and whatever details are cached, keyed by cart key.
	 *
	 * @param array<string,mixed> $snapshot
	 * @return array<string,array<string,mixed>>
	 */
	public function rows( array $snapshot ): array {
		return $this->decorate( $snapshot['rows'], $this->owner( $snapshot ), 'documented' === $snapshot['shape'] );
	}

	/**
	 * The key owner's cart key among the list's rows (see KeyOwner), noted with the cached list so that a page of
	 * it needs no look at the other rows.
	 *
	 * @param array<string,mixed> $snapshot
	 */
	public function owner( array $snapshot ): ?string {
		$owner = ( new KeyOwner( $this->store->settings() ) )->find( $snapshot['rows'] );
		$this->store->lists()->put_owner( $owner );
		return $owner;
	}

	/**
	 * List rows with what the list does not say: status (now), key-owner flag, cached details, currency.
	 *
	 * @param array<int,array<string,mixed>> $list_rows
	 * @return array<string,array<string,mixed>> By cart key.
	 */
	public function decorate( array $list_rows, ?string $owner, bool $documented ): array {
		$normaliser = $this->store->normaliser();
		$currency   = $this->store->currency();
		$details    = $this->store->details();
		$out        = array();
		if ( ! $documented ) {
			$details->prime( array_column( $list_rows, 'key' ) ); // These rows' details in one query, not one a row.
		}
		foreach ( $list_rows as $row ) {
			$key                 = (string) $row['key'];
			$row['status']       = $normaliser->status( $row['expires'] );
			$row['is_key_owner'] = null !== $owner && $key === $owner;
			$row['detail_error'] = null;
			$row['products']     = null;
			if ( ! $documented ) {
				$cached = $details->get( $key, (string) $row['expires'] );
				if ( null !== $cached ) {
					$row['item_count']   = $cached['item_count'];
					$row['total']        = $cached['total'];
					$row['detail_error'] = $cached['error'];
					$row['products']     = $cached['products'];
				} else {
					$row['item_count'] = null;
					$row['total']      = null;
				}
			}
			$row['currency'] = null === $row['total'] ? null : $currency;
			$out[ $key ]     = $row;
		}
		return $out;
	}

	/**
	 * A page straight from a fresh cached list, or null when the list must be read whole (or fetched): the
	 * default view is the stored order itself; other views need their row positions kept by an earlier page.
	 *
	 * @return array{rows:array<int,array<string,mixed>>,total:int,meta:array{fetched_at:int,shape:string}}|null
	 */
	public function cached_page( string $signature, int $page, int $per_page ): ?array {
		$lists = $this->store->lists();
		$meta  = $lists->meta();
		if ( null === $meta || ! $meta['fresh'] ) {
			return null;
		}
		$offset = ( $page - 1 ) * $per_page;
		if ( 'default' === $signature || 0 === strpos( $signature, 'status:' ) ) {
			$run = 'default' === $signature
				? array( 0, $meta['count'] )
				: $lists->status_run( explode( ',', substr( $signature, 7 ) ), time() );
			if ( null === $run ) {
				return null;
			}
			list( $first, $end ) = $run;
			$total               = $end - $first;
			$positions           = $offset < $total
				? range( $first + $offset, min( $first + $offset + $per_page, $end ) - 1 )
				: array();
		} else {
			$view = $lists->view_slice( $signature, $offset, $per_page );
			if ( null === $view ) {
				return null;
			}
			list( $total, $positions ) = $view;
		}
		$rows = $lists->rows_at( $positions );
		if ( count( $rows ) !== count( $positions ) ) {
			return null; // A piece of the cached list is missing: read it whole (or fetch it) instead.
		}
		return array(
			'rows'  => array_values( $this->decorate( $rows, $meta['owner'], 'documented' === $meta['shape'] ) ),
			'total' => $total,
			'meta'  => array(
				'fetched_at' => $meta['fetched_at'],
				'shape'      => $meta['shape'],
			),
		);
	}

	/**
	 * What identifies a view whose rows and order depend on the list alone ('default' for the stored order), or
	 * null for views that depend on details (items, total, product) or on the time (status, expires_before), which
	 * are worked out afresh — except a status filter alone in the stored order ('status:…'): the stored order is by
	 * expiry, so its rows are one run of positions, found from the time (cached_page()).
	 *
	 * @param array<string,mixed> $filter Query::filter_of()'s shape.
	 */
	public static function view_signature( array $filter, string $orderby, string $order ): ?string {
		$by_details_or_time = in_array( $orderby, array( 'item_count', 'total', 'status' ), true );
		if ( '' !== $filter['has_items'] || 0 !== $filter['product'] || '' !== $filter['expires_before']
			|| $by_details_or_time ) {
			return null;
		}
		$stored_order = 'expires' === $orderby && 'desc' === $order;
		$list_only    = '' === $filter['search'] && '' === $filter['source'] && '' === $filter['has_email'];
		if ( array() !== $filter['status'] ) {
			return $stored_order && $list_only ? 'status:' . implode( ',', $filter['status'] ) : null;
		}
		if ( $list_only && $stored_order ) {
			return 'default';
		}
		return md5(
			(string) wp_json_encode(
				array( $filter['search'], $filter['source'], $filter['has_email'], $orderby, $order )
			)
		);
	}
}
