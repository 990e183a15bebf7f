<?php
/**
 * The Sessions service: what the REST routes, the Overview, the CSV export and the cleanup ask of the store's
 * carts, each operation put together from the classes that do the work:
 *  - ListReader: the list of carts (fetched once per connection into ListCache, then searched, filtered, sorted
 *    and paged here, since CoCart's list has no paging: docs/cocart-api.md#the-list), its shape, "too big";
 *  - DetailReader: each cart's detail, fetched in parallel for the rows being shown and cached by (key, expiry)
 *    in DetailCache, and one cart merged with its detail for the detail panel;
 *  - Deleter: deletes, their per-key results and the events that announce them, CoCart's bulk tool;
 *  - DeletePermission: whether the key in use may delete.
 *
 * Upstream requests, per operation:
 *  - list view: the list (only when the cached one is older than cart_sessions_list_ttl, or refresh), plus one
 *    detail per row shown whose (key, expiry) is not cached yet, at most DETAIL_CONCURRENCY at once; sorting or
 *    filtering by items/total needs the detail of every matching row: fetched the same way, within a time budget
 *    (cart_sessions_detail_budget, default 10 s); rows still unknown sort as "no value", match no has_items filter,
 *    and are counted in details_pending. In the "documented" shape the list itself carries counts and totals and
 *    is fetched page by page (100 a page), no details needed.
 *  - the store's facts (decimals, currency, version, counts): StoreInfo, one request a day.
 *  - deletes: one DELETE per cart, at most DELETE_CONCURRENCY at once.
 *  - for the Overview, the CSV export and the cleanup, which walk every cart: all_rows() (the cleanup asks for the
 *    list afresh and never accepts a stale one) and fetch_details(); before each batch of deletes the cleanup
 *    re-checks its carts with current_rows() (the list afresh, nothing cached); clear_expired() runs CoCart's
 *    bulk tool.
 *
 * Failures: the CoCart client's WP_Errors as RouteError makes them (409, 504 or 502, with data.fix). An empty
 * store (CoCart's 404 cocart_no_carts_in_session) is an empty list.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Sessions;

use CartSessions\CoCart\Client;
use CartSessions\CoCart\Doctor;
use CartSessions\CoCart\Errors;
use CartSessions\CoCart\StoreInfo;
use CartSessions\Credentials\Settings;
use CartSessions\Runtime\AfterResponse;
use CartSessions\Storage\OptionCache;
use WP_Error;

final class Service {

	/** @var Store */
	private $store;

	/** @var ListReader */
	private $lists;

	/** @var DetailReader */
	private $details;

	/** @var DeletePermission */
	private $permission;

	/** @var Deleter */
	private $deleter;

	public function __construct( ?Client $client = null ) {
		$this->store      = new Store( $client ?? new Client() );
		$this->lists      = new ListReader( $this->store );
		$this->details    = new DetailReader( $this->store, $this->lists );
		$this->permission = new DeletePermission( $this->store );
		$this->deleter    = new Deleter( $this->store, $this->lists, $this->details, $this->permission );
		KeyOwner::listen();
	}

	/**
	 * A page of sessions.
	 *
	 * @param array<string,mixed> $args page, per_page, the filter (Query::filter_of()), orderby, order, refresh,
	 *                                  live, details ('wait', the default: fetch the missing details of the rows shown;
	 *                                  'cached': only what is cached, no detail request).
	 * @return array{body:array<string,mixed>,details_pending:int}|WP_Error
	 */
	public function list( array $args ) {
		$this->store->detail_requests = 0;
		$this->prime_option_caches();
		// A cold view's list goes to the cache after the page has reached the browser (AfterResponse).
		$this->lists->write_after_response( AfterResponse::available() );
		$ready = $this->store->ready();
		if ( $ready instanceof WP_Error ) {
			return $ready;
		}
		$page     = max( 1, (int) ( $args['page'] ?? 1 ) );
		$per_page = max( 1, min( 100, (int) ( $args['per_page'] ?? 20 ) ) );
		$orderby  = (string) ( $args['orderby'] ?? 'expires' );
		$order    = 'asc' === ( $args['order'] ?? 'desc' ) ? 'asc' : 'desc';
		$filter   = Query::filter_of( $args );
		$refresh  = ! empty( $args['refresh'] );
		// live: the screen's own periodic refresh — the list afresh, but a store remembered as too big for its own
		// list is not asked again (each such request is a fatal error on the store); only a person's refresh does.
		$live = ! empty( $args['live'] );

		// details = cached: answer from what is known now, without one detail request, and say how many rows
		// still lack their details (the screen shows the rows at once, then asks again with details = wait).
		$wait      = 'cached' !== ( $args['details'] ?? 'wait' );
		$pending   = 0;
		$value     = null;
		$signature = ListReader::view_signature( $filter, $orderby, $order );
		// value = true (the "delete all matching" confirmation) needs every matching row: never the page-only path.
		$with_value = ! empty( $args['value'] );
		$fast       = ! $refresh && ! $live && ! $with_value && null !== $signature
			? $this->lists->cached_page( $signature, $page, $per_page )
			: null;
		if ( null !== $fast ) {
			// The warm path: no upstream request for the list, and no look at any row but the page's.
			$shown      = $fast['rows'];
			$total      = $fast['total'];
			$snapshot   = $fast['meta'] + array( 'stale' => false );
			$documented = 'documented' === $snapshot['shape'];
		} else {
			$in_order = 'default' === $signature && ! $with_value;
			// A status view in the stored order (the tab opens on the live carts) can be picked from a fetched
			// list as cheaply as the default one: a cart's status follows from its expiry.
			$by_status  = null !== $signature && array() !== $filter['status'] && ! $with_value;
			$first_page = $in_order || $by_status
				? array( ( $page - 1 ) * $per_page, $per_page, $by_status ? $filter['status'] : array() )
				: null;
			$snapshot   = $this->lists->snapshot( $refresh || $live, $refresh, $first_page );
			if ( $snapshot instanceof WP_Error ) {
				return $snapshot;
			}
			$documented = 'documented' === $snapshot['shape'];
			if ( isset( $snapshot['total'] ) ) {
				// A fetched list, answered with its page alone (ListReader::page_first()): the rest is normalised and
				// cached after the response.
				$total = $snapshot['total'];
				$shown = array_values( $this->lists->decorate( $snapshot['rows'], $snapshot['owner'], $documented ) );
			} elseif ( $in_order ) {
				// The list's rows are kept in the default order: a page is a slice, and only its rows need
				// decorating (tens of thousands of rows are not touched twice on a cold first page).
				$total = count( $snapshot['rows'] );
				$slice = Query::page( $snapshot['rows'], $page, $per_page );
				$shown = array_values( $this->lists->decorate(
					$slice,
					$this->lists->owner( $snapshot ),
					$documented
				) );
			} else {
				$rows = $this->lists->rows( $snapshot );
				if ( ! $documented && Query::needs_details( $filter, $orderby ) ) {
					$candidates = Query::filter( $rows, Query::without_details( $filter ) );
					$newest     = array_column( Query::sort( $candidates, 'expires', 'desc' ), 'key' );
					$pending    = $wait
						? $this->details->fill( $rows, $newest, microtime( true ) + self::budget() )
						: DetailReader::lacking( $candidates );
				}
				$matching = Query::sort( Query::filter( $rows, $filter ), $orderby, $order );
				$total    = count( $matching );
				if ( $with_value ) {
					$value = $this->known_value( $matching );
				}
				$shown     = Query::page( $matching, $page, $per_page );
				$positions = array_column( $matching, 'pos' );
				if ( null !== $signature && ! $snapshot['stale'] && count( $positions ) === $total ) {
					$this->store->lists()->put_view( $signature, $positions ); // Its next pages: the warm path.
				}
				unset( $rows, $matching, $candidates, $positions );
			}
			$snapshot['rows'] = array();
		}
		if ( ! $documented && array() !== $shown ) {
			if ( $wait ) {
				$by_key = array();
				foreach ( $shown as $row ) {
					$by_key[ $row['key'] ] = $row;
				}
				$this->details->fill( $by_key, array_keys( $by_key ), null );
				$shown = array_values( $by_key );
			} elseif ( ! Query::needs_details( $filter, $orderby ) ) {
				$pending = DetailReader::lacking( $shown );
			}
		}
		$this->store->details()->save();
		KeyOwner::flush_pending();
		list( $can_delete, $reason ) = $this->permission->allowed();
		return array(
			'body'            => array(
				'items'             => $this->restore_links()->add(
					array_map( array( self::class, 'public_row' ), $shown )
				),
				'total'             => $total,
				'total_pages'       => Query::total_pages( $total, $per_page ),
				'page'              => $page,
				'per_page'          => $per_page,
				'stale'             => $snapshot['stale'],
				'fetched_at'        => gmdate( Normaliser::DATE_FORMAT, $snapshot['fetched_at'] ),
				'can_delete'        => $can_delete,
				'can_delete_reason' => $reason,
				'currency'          => $this->store->currency(),
				'details_pending'   => $pending,
				// Only when asked (value = true): what "delete all matching" would remove, for its confirmation.
				'matching_value'    => $value,
			),
			'details_pending' => $pending,
		);
	}

	/**
	 * Reads the options a list view reads in one query instead of one or two an option: the connection, the
	 * store's facts, what is known of the key's permission, the restore link's template, and the transients other
	 * parts answer the list view from (the doctor's cached report: see DeletePermission). (The list and details
	 * caches read their own transients in one query each: OptionCache::transient().)
	 */
	private function prime_option_caches(): void {
		/**
		 * Filters the transients a list view reads through other parts' hooks, read with its options in one query.
		 *
		 * @param string[] $transients
		 */
		$transients = (array) apply_filters( 'cart_sessions_list_view_transients', array() );
		OptionCache::prime(
			array(
				Settings::OPTION,
				Settings::STATE_OPTION,
				Doctor::STORE_INFO_OPTION,
				DeletePermission::OPTION,
				RestoreLink::OPTION,
			),
			$transients
		);
	}

	/**
	 * One session: its list row merged with CoCart's detail, plus checks.
	 *
	 * @return array<string,mixed>|WP_Error
	 */
	public function get( string $key ) {
		$this->store->detail_requests = 0;
		$ready                        = $this->store->ready();
		return $ready instanceof WP_Error ? $ready : $this->details->one( $key );
	}

	/**
	 * Deletes one cart.
	 *
	 * @return array{key:string,result:string,message:string|null,error?:WP_Error}|WP_Error
	 */
	public function delete( string $key ) {
		$ready = $this->store->ready();
		if ( $ready instanceof WP_Error ) {
			return $ready;
		}
		return $this->deleter->delete( array( $key ), null, array( 'context' => 'single' ) )[0];
	}

	/**
	 * Deletes the given carts (1–100), at most $concurrency (default DELETE_CONCURRENCY) at once.
	 *
	 * @param string[]            $keys
	 * @param array<string,mixed> $context What asked for it, for the audit and the cart_sessions_deleted action:
	 *                                     context (bulk | cleanup), run_id, user_id.
	 * @return array{results:array<int,array<string,mixed>>,deleted:int,not_found:int,failed:int}|WP_Error
	 */
	public function delete_keys(
		array $keys,
		array $context = array( 'context' => 'bulk' ),
		?int $concurrency = null
	) {
		$ready = $this->store->ready();
		if ( $ready instanceof WP_Error ) {
			return $ready;
		}
		$keys = array_values( array_unique( array_map( 'strval', $keys ) ) );
		return Deleter::summary( $this->deleter->delete( $keys, null, $context, $concurrency ) );
	}

	/**
	 * Deletes exactly the carts that match a filter now (the list is fetched afresh), never the key owner's own.
	 * An empty filter matches every cart, active ones included: it needs $all. And the fresh match must not be
	 * larger than what the user confirmed ($expected_count), or nothing is deleted (409).
	 *
	 * @param array<string,mixed> $filter As a request sends it (Query::filter_of()).
	 * @return array{results:array<int,array<string,mixed>>,deleted:int,not_found:int,failed:int}|WP_Error
	 */
	public function delete_matching( array $filter, int $expected_count, bool $all = false ) {
		$filter = Query::filter_of( $filter );
		if ( ! $all && ! Query::narrows( $filter ) ) {
			return new WP_Error(
				'cart_sessions_filter_matches_everything',
				__( 'This filter matches every cart, active ones included, so nothing was deleted. Choose a status, source, items or search first, or send all: true to delete every cart.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
				array(
					'status' => 400,
					'params' => array(
						'filter' => __(
							'Choose at least one condition, or send all: true.',
							'cart-sessions-for-cocart'
						),
					),
				)
			);
		}
		$ready = $this->store->ready();
		if ( $ready instanceof WP_Error ) {
			return $ready;
		}
		return $this->deleter->matching( $filter, $expected_count, self::budget(), self::delete_budget() );
	}

	/**
	 * Every cart the store lists (the cached list while fresh), keyed by cart key, with whatever details are cached
	 * (item_count, total, products; null when not fetched yet) — for the Overview's numbers (Insights\Stats), the
	 * CSV export and the cleanup (Cleanup\Preview, Runner), which walk all of them. The cleanup passes
	 * $allow_stale false: it must never delete from a list the store failed to refresh.
	 *
	 * @return array{rows:array<string,array<string,mixed>>,fetched_at:int,shape:string,stale:bool,currency:string|null,decimals:int}|WP_Error
	 */
	public function all_rows( bool $refresh, bool $allow_stale = true, ?bool $retry_too_big = null ) {
		$ready = $this->store->ready();
		if ( $ready instanceof WP_Error ) {
			return $ready;
		}
		$snapshot = $this->lists->snapshot( $refresh, $retry_too_big ?? $refresh );
		if ( $snapshot instanceof WP_Error ) {
			return $snapshot;
		}
		if ( $snapshot['stale'] && ! $allow_stale ) {
			return RouteError::from(
				$snapshot['error'] ?? Errors::make(
					'upstream_error',
					__( 'The store could not list its carts just now.', 'cart-sessions-for-cocart' ),
					502
				)
			);
		}
		$rows = $this->lists->rows( $snapshot );
		KeyOwner::flush_pending();
		return array(
			'rows'       => $rows,
			'fetched_at' => $snapshot['fetched_at'],
			'shape'      => $snapshot['shape'],
			'stale'      => $snapshot['stale'],
			'currency'   => $this->store->currency(),
			'decimals'   => $this->store->info()['decimals'],
		);
	}

	/**
	 * The cleanup's re-check before each batch of deletes: these carts as the store lists them right now (one
	 * fresh list request, never a cached or stale one), with whatever details are cached; carts no longer listed
	 * are left out. Unlike all_rows(), nothing is written to the caches and only these rows are decorated: at
	 * 10,000 carts that was a third of each re-check's time (measured: 350 of 1,100 ms).
	 *
	 * @param string[] $keys
	 * @return array<string,array<string,mixed>>|WP_Error By key.
	 */
	public function current_rows( array $keys ) {
		$ready = $this->store->ready();
		if ( $ready instanceof WP_Error ) {
			return $ready;
		}
		$rows = $this->lists->current( $keys );
		if ( ! $rows instanceof WP_Error ) {
			KeyOwner::flush_pending();
		}
		return $rows;
	}

	/**
	 * Fetches the details of these rows (from all_rows()) that are not cached at their expiry yet,
	 * DETAIL_CONCURRENCY at once (or $concurrency), until $deadline (null: all), and saves them to the cache.
	 * Returns how many are still unknown.
	 *
	 * @param array<string,array<string,mixed>> $rows By key; updated in place.
	 * @param string[]                          $keys
	 */
	public function fetch_details( array &$rows, array $keys, ?float $deadline, ?int $concurrency = null ): int {
		$pending = $this->details->fill( $rows, $keys, $deadline, $concurrency );
		$this->store->details()->save();
		KeyOwner::flush_pending();
		return $pending;
	}

	/**
	 * Detail requests made by the last operation (for the X-Cart-Sessions-* headers, the Overview and the
	 * cleanup's timings).
	 */
	public function detail_requests(): int {
		return $this->store->detail_requests;
	}

	/**
	 * Runs CoCart's own "Clear expired carts" tool on the store (Deleter::clear_expired()): the cleanup's "every
	 * expired cart" rule and the way out when the store is too big for its own list.
	 *
	 * @param bool $count Also ask the store how many carts it holds before and after (two more requests).
	 * @return array{cleared:int|null,before:int|null,after:int|null,message:string}|WP_Error
	 */
	public function clear_expired( bool $count = false ) {
		$ready = $this->store->ready();
		return $ready instanceof WP_Error ? $ready : $this->deleter->clear_expired( $count );
	}

	/**
	 * The restore links of this connection's carts (RestoreLink::add()).
	 */
	public function restore_links(): RestoreLink {
		return new RestoreLink( $this->store->settings() );
	}

	/**
	 * Whether CoCart runs on this site and is called in-process (each call then costs about a millisecond).
	 */
	public function in_process(): bool {
		return $this->store->client()->in_process();
	}

	/**
	 * The store's currency code, when known.
	 */
	public function currency(): ?string {
		return $this->store->currency();
	}

	/**
	 * Whether deleting can work with the key in use (DeletePermission::allowed()).
	 *
	 * @return array{0:bool,1:string|null}
	 */
	public function delete_permission( bool $learn = false ): array {
		return $this->permission->allowed( $learn );
	}

	/**
	 * Asks the store what the key may do, without changing anything (DeletePermission::learn()).
	 */
	public function learn_permission(): ?string {
		return $this->permission->learn();
	}

	/**
	 * Whether the default first page can be answered from what this site has cached, without asking the store
	 * (the admin page preloads it then: Admin\Page).
	 */
	public function answers_from_cache(): bool {
		$meta = $this->store->lists()->meta();
		return ! $this->store->ready() instanceof WP_Error && null !== $meta && $meta['fresh']
			&& StoreInfo::is_fresh( $this->store->settings()->store_url() );
	}

	/**
	 * A row as the REST route returns it (the normalised session plus is_key_owner and detail_error).
	 *
	 * @param array<string,mixed> $row
	 * @return array<string,mixed>
	 */
	public static function public_row( array $row ): array {
		return array(
			'key'      => (string) $row['key'],
			'customer' => array(
				'name'  => $row['customer']['name'] ?? null,
				'email' => $row['customer']['email'] ?? null,
			),
			'created'      => $row['created'],
			'expires'      => $row['expires'],
			'source'       => (string) $row['source'],
			'status'       => (string) $row['status'],
			'item_count'   => $row['item_count'],
			'total'        => $row['total'],
			'currency'     => $row['currency'],
			'is_key_owner' => (bool) $row['is_key_owner'],
			'detail_error' => $row['detail_error'],
		);
	}

	/**
	 * The sum of the totals known so far (cached details; no extra requests) over these rows, and how many carts
	 * that covers, the key owner's own cart left out: what "delete all matching" names in its confirmation.
	 *
	 * @param array<int,array<string,mixed>> $rows
	 * @return array{total:string,carts:int}
	 */
	private function known_value( array $rows ): array {
		$sum   = 0.0;
		$known = 0;
		foreach ( $rows as $row ) {
			if ( null !== $row['total'] && empty( $row['is_key_owner'] ) ) {
				$sum += (float) $row['total'];
				++$known;
			}
		}
		return array(
			'total' => number_format( $sum, (int) $this->store->info()['decimals'], '.', '' ),
			'carts' => $known,
		);
	}

	private static function budget(): float {
		/**
		 * Filters how long (seconds) one list view may spend fetching cart details to sort or filter by items or
		 * total. Rows not reached are fetched by the next views (cached by key and expiry).
		 *
		 * @param float $seconds Default 10.
		 */
		return max( 0.0, (float) apply_filters( 'cart_sessions_detail_budget', 10.0 ) );
	}

	private static function delete_budget(): float {
		/**
		 * Filters how long (seconds) one "delete all matching" request may spend deleting; the rest are reported
		 * as not attempted.
		 *
		 * @param float $seconds Default 20.
		 */
		return max( 1.0, (float) apply_filters( 'cart_sessions_delete_budget', 20.0 ) );
	}
}
