<?php
/**
 * The Sessions service: the list of carts (fetched once per connection into ListCache, then searched, filtered,
 * sorted and paged here, since CoCart's list has no paging — §1), each cart's detail (fetched in parallel for the
 * rows being shown, cached by (key, expiry) in DetailCache), one cart merged with its detail, and deletes.
 *
 * Upstream requests, per operation:
 *  - list view: the list (only when the cached one is older than cart_sessions_list_ttl, or refresh), plus one
 *    detail per row shown whose (key, expiry) is not cached yet, at most DETAIL_CONCURRENCY at once; sorting or
 *    filtering by items/total needs the detail of every matching row: fetched the same way, within a time budget
 *    (cart_sessions_detail_budget, default 10 s); rows still unknown sort as "no value", match no has_items filter,
 *    and are counted in details_pending. In the "documented" shape the list itself carries counts and totals and
 *    is fetched page by page (100 a page), no details needed.
 *  - the store's facts (decimals, currency, version, counts): StoreInfo, one request a day.
 *  - deletes: one DELETE per cart, at most DELETE_CONCURRENCY at once (§9: a store's throughput tops out at 2).
 *    Every result is written to the audit (Cleanup\Audit) and the deleted keys fire cart_sessions_deleted.
 *  - for the Overview, the CSV export and the cleanup, which walk every cart: all_rows() (the cleanup asks for the
 *    list afresh and never accepts a stale one) and fetch_details(); before each batch of deletes the cleanup
 *    re-checks its carts with current_rows() (the list afresh, nothing cached); clear_expired() runs CoCart's
 *    bulk tool.
 *
 * Failures: the CoCart client's WP_Errors, re-issued with data.fix (the doctor's advice) and a status of 409 (the
 * connection is not set up), 504 (timeout) or 502 (anything else). An empty store (CoCart's 404
 * cocart_no_carts_in_session) is an empty list. When the store fails after a previous success, the last list is
 * served with stale = true. When the list itself dies of memory (§9), cart_sessions_store_too_big with the counts
 * from wc/v3/system_status and the way out.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Sessions;

use CartSessions\CoCart\Client;
use CartSessions\CoCart\Doctor;
use CartSessions\CoCart\Errors;
use CartSessions\CoCart\KnownBugs;
use CartSessions\CoCart\Response;
use CartSessions\CoCart\StoreInfo;
use CartSessions\Cleanup\Audit;
use CartSessions\Credentials\Settings;
use CartSessions\Health\SiteHealth;
use CartSessions\Rest\AfterResponse;
use CartSessions\Storage\OptionCache;
use WP_Error;

final class Service {

	public const DETAIL_CONCURRENCY = 4;
	public const DELETE_CONCURRENCY = 2;
	public const LIST_PAGE_SIZE     = 100;
	/** Detail and delete requests prepared at once per concurrent slot (see per_cart()). */
	public const CHUNK_PER_SLOT     = 25;
	public const MAX_LIST_PAGES     = 1000;
	public const PERMISSION_OPTION  = 'cart_sessions_key_permission';
	public const CONFIG_REASONS     = array( 'not_configured', 'reconnect_required', 'invalid_override', 'bad_url' );

	/** @var Client */
	private $client;

	/** @var Settings */
	private $settings;

	/** @var ListCache|null */
	private $lists;

	/** @var DetailCache|null */
	private $details;

	/** @var array<string,mixed>|null */
	private $info = null;

	/** @var Normaliser|null */
	private $normaliser = null;

	/** @var string|null The shape of the list last read (released | documented), so it is not unpacked again. */
	private $shape = null;

	/** @var bool Write a freshly fetched list to the cache after the response (a list view over HTTP: list()). */
	private $write_list_after_response = false;

	/** @var int Detail requests made by the last operation (for the X-Cart-Sessions-* headers and tests). */
	public $detail_requests = 0;

	public function __construct( ?Client $client = null ) {
		$this->client   = $client ?? new Client();
		$this->settings = $this->client->settings();
		KeyOwner::listen();
	}

	private function connection(): string {
		return (string) $this->settings->key_state()['fingerprint'];
	}

	private function lists(): ListCache {
		if ( null === $this->lists ) {
			$this->lists = new ListCache( $this->connection() );
		}
		return $this->lists;
	}

	private function too_big_memo(): TooBig {
		return new TooBig( $this->connection() );
	}

	private function details(): DetailCache {
		if ( null === $this->details ) {
			$this->details = DetailCache::for_store( $this->settings->store_url() );
		}
		return $this->details;
	}

	/**
	 * A page of sessions.
	 *
	 * @param array<string,mixed> $args page, per_page, search, status, source, has_items, orderby, order, refresh,
	 *                                  details ('wait', the default: fetch the missing details of the rows shown;
	 *                                  'cached': only what is cached, no detail request).
	 * @return array{body:array<string,mixed>,details_pending:int}|WP_Error
	 */
	public function list( array $args ) {
		$this->detail_requests = 0;
		$this->prime_option_caches();
		// A cold view's list goes to the cache after the page has reached the browser (AfterResponse).
		$this->write_list_after_response = AfterResponse::available();
		$ready                 = $this->ready();
		if ( $ready instanceof WP_Error ) {
			return $ready;
		}
		$page     = max( 1, (int) ( $args['page'] ?? 1 ) );
		$per_page = max( 1, min( 100, (int) ( $args['per_page'] ?? 20 ) ) );
		$orderby  = (string) ( $args['orderby'] ?? 'expires' );
		$order    = 'asc' === ( $args['order'] ?? 'desc' ) ? 'asc' : 'desc';
		$filter   = self::filter_of( $args );

		// details = cached: answer from what is known now, without one detail request, and say how many rows
		// still lack their details (the screen shows the rows at once, then asks again with details = wait).
		$wait      = 'cached' !== ( $args['details'] ?? 'wait' );
		$pending   = 0;
		$value     = null;
		$signature = self::view_signature( $filter, $orderby, $order );
		// value = true (the "delete all matching" confirmation) needs every matching row: never the page-only path.
		$with_value = ! empty( $args['value'] );
		$fast       = empty( $args['refresh'] ) && ! $with_value && null !== $signature ? $this->cached_page( $signature, $page, $per_page ) : null;
		if ( null !== $fast ) {
			// The warm path: no upstream request for the list, and no look at any row but the page's.
			$shown      = $fast['rows'];
			$total      = $fast['total'];
			$snapshot   = $fast['meta'] + array( 'stale' => false );
			$documented = 'documented' === $snapshot['shape'];
		} else {
			$snapshot = $this->snapshot( ! empty( $args['refresh'] ), ! empty( $args['refresh'] ) );
			if ( $snapshot instanceof WP_Error ) {
				return $snapshot;
			}
			$documented = 'documented' === $snapshot['shape'];
			if ( 'default' === $signature && ! $with_value ) {
				// The list's rows are kept in the default order: a page is a slice, and only its rows need
				// decorating (tens of thousands of rows are not touched twice on a cold first page).
				$total = count( $snapshot['rows'] );
				$shown = array_values( $this->decorate( Query::page( $snapshot['rows'], $page, $per_page ), $this->owner( $snapshot ), $documented ) );
			} else {
				$rows = $this->rows( $snapshot );
				if ( ! $documented && Query::needs_details( $filter, $orderby ) ) {
					$candidates = Query::filter( $rows, array( 'has_items' => '' ) + $filter );
					$pending    = $wait
						? $this->fill_details( $rows, array_column( Query::sort( $candidates, 'expires', 'desc' ), 'key' ), microtime( true ) + self::budget() )
						: self::lacking_details( $candidates );
				}
				$matching  = Query::sort( Query::filter( $rows, $filter ), $orderby, $order );
				$total     = count( $matching );
				if ( $with_value ) {
					$value = $this->known_value( $matching );
				}
				$shown     = Query::page( $matching, $page, $per_page );
				$positions = array_column( $matching, 'pos' );
				if ( null !== $signature && ! $snapshot['stale'] && count( $positions ) === $total ) {
					$this->lists()->put_view( $signature, $positions ); // Its next pages: the warm path.
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
				$this->fill_details( $by_key, array_keys( $by_key ), null );
				$shown = array_values( $by_key );
			} elseif ( ! Query::needs_details( $filter, $orderby ) ) {
				$pending = self::lacking_details( $shown );
			}
		}
		$this->details()->save();
		KeyOwner::flush_pending();
		list( $can_delete, $reason ) = $this->delete_permission();
		return array(
			'body'            => array(
				'items'             => array_map( array( self::class, 'public_row' ), $shown ),
				'total'             => $total,
				'total_pages'       => Query::total_pages( $total, $per_page ),
				'page'              => $page,
				'per_page'          => $per_page,
				'stale'             => $snapshot['stale'],
				'fetched_at'        => gmdate( Normaliser::DATE_FORMAT, $snapshot['fetched_at'] ),
				'can_delete'        => $can_delete,
				'can_delete_reason' => $reason,
				'currency'          => $this->info()['currency'],
				'details_pending'   => $pending,
				// Only when asked (value = true): what "delete all matching" would remove, for its confirmation.
				'matching_value'    => $value,
			),
			'details_pending' => $pending,
		);
	}

	/**
	 * Reads the options a list view reads in one query instead of one or two an option: the connection, the
	 * store's facts and what is known of the key's permission. (The list and details caches read their own
	 * transients in one query each: OptionCache::transient().)
	 */
	private function prime_option_caches(): void {
		OptionCache::prime(
			array( Settings::OPTION, Settings::STATE_OPTION, Doctor::STORE_INFO_OPTION, self::PERMISSION_OPTION ),
			array( SiteHealth::CACHE )
		);
	}

	/**
	 * One session: its list row merged with CoCart's detail, plus checks.
	 *
	 * @return array<string,mixed>|WP_Error
	 */
	public function get( string $key ) {
		$this->detail_requests = 0;
		$ready                 = $this->ready();
		if ( $ready instanceof WP_Error ) {
			return $ready;
		}
		$snapshot = $this->snapshot( false );
		$row      = null;
		$shape    = 'released';
		if ( ! $snapshot instanceof WP_Error ) {
			$shape = $snapshot['shape'];
			foreach ( $this->rows( $snapshot ) as $candidate ) {
				if ( 0 === strcasecmp( (string) $candidate['key'], $key ) ) {
					$row = $candidate;
					break;
				}
			}
		} elseif ( in_array( $snapshot->get_error_data()['reason'] ?? '', self::CONFIG_REASONS, true ) ) {
			return $snapshot;
		}
		$answer = $this->client->get( self::path( $shape, $key ) );
		++$this->detail_requests;
		if ( $answer instanceof WP_Error && 'released' === $shape && 'cocart_missing' === ( $answer->get_error_data()['reason'] ?? '' ) ) {
			$answer = $this->client->get( self::path( 'documented', $key ) ); // A store with the documented routes only.
			++$this->detail_requests;
		}
		KeyOwner::flush_pending();
		$version = $this->info()['cocart_version'];
		if ( $answer instanceof WP_Error ) {
			if ( 'not_found' === ( $answer->get_error_data()['reason'] ?? '' ) ) {
				if ( null !== $row && KnownBugs::has( KnownBugs::SESSION_NOT_FOUND, $version ) ) {
					return self::error(
						Errors::make(
							'store_error',
							/* translators: %s: CoCart version */
							sprintf( __( 'The store lists this cart, but CoCart %s answers “not found” for every single cart (a bug of CoCart 4.2.0–4.3.5).', 'cart-sessions-for-cocart' ), (string) $version ),
							502
						),
						__( 'Update CoCart on the store to 4.3.6 or newer.', 'cart-sessions-for-cocart' )
					);
				}
				if ( null !== $row ) {
					$this->lists()->forget( array( $row['key'] ) );
				}
				return new WP_Error(
					'cart_sessions_not_found',
					/* translators: %s: cart key */
					sprintf( __( 'The store has no cart with the key %s: it was deleted or has expired and been cleaned up.', 'cart-sessions-for-cocart' ), $key ),
					array(
						'status' => 404,
						'key'    => $key,
					)
				);
			}
			return self::error( $answer );
		}
		if ( ! is_array( $answer->data ) ) {
			return self::error( Errors::make( 'not_json', __( 'The store answered this cart with something that is not a cart.', 'cart-sessions-for-cocart' ), 502 ) );
		}
		$detail = $this->normaliser()->detail( $answer->data );
		$fixed  = null !== $version && ! KnownBugs::has( KnownBugs::CALLERS_CUSTOMER, $version );
		if ( null === $row ) {
			// Not in the list we hold (a new cart): the detail has no dates or source. Its customer is the API
			// caller's, not the cart's, up to CoCart 4.8.0 (§2.2, §9), so only a fixed version's is shown.
			$row = array(
				'key'          => '' !== (string) $detail['key'] ? (string) $detail['key'] : $key,
				'customer'     => $fixed ? $detail['customer'] : array(
					'name'  => null,
					'email' => null,
				),
				'created'      => $detail['created'],
				'expires'      => $detail['expires'],
				'source'       => $detail['source'],
				'status'       => $detail['status'],
				'is_key_owner' => false,
			);
		}
		$merged = array(
			'key'          => $row['key'],
			'customer'     => $row['customer'],
			'created'      => $row['created'],
			'expires'      => $row['expires'],
			'source'       => $row['source'],
			'status'       => $row['status'],
			'item_count'   => $detail['item_count'],
			'total'        => $detail['totals']['total'],
			'currency'     => null === $detail['totals']['total'] ? null : $this->info()['currency'],
			'is_key_owner' => (bool) ( $row['is_key_owner'] ?? false ),
			'detail_error' => null,
		);
		if ( null !== $row['expires'] ) {
			$this->details()->put( $row['key'], (string) $row['expires'], $detail['item_count'], $detail['totals']['total'], DetailCache::lines( $detail['items'] ) );
			$this->details()->save();
		}
		$merged['items']          = $detail['items'];
		$merged['coupons']        = $detail['coupons'];
		$merged['fees']           = $detail['fees'];
		$merged['totals']         = $detail['totals'];
		$merged['checks']         = $this->checks( $merged, $version );
		$merged['cocart_version'] = $version;
		return $merged;
	}

	/**
	 * Deletes one cart.
	 *
	 * @return array{key:string,result:string,message:string|null,error?:WP_Error}|WP_Error
	 */
	public function delete( string $key ) {
		$ready = $this->ready();
		if ( $ready instanceof WP_Error ) {
			return $ready;
		}
		$results = $this->delete_keys_now( array( $key ), null, array( 'context' => 'single' ) );
		return $results[0];
	}

	/**
	 * Deletes the given carts (1–100), at most $concurrency (default DELETE_CONCURRENCY) at once.
	 *
	 * @param string[]            $keys
	 * @param array<string,mixed> $context What asked for it, for the audit and the cart_sessions_deleted action:
	 *                                     context (bulk | cleanup), run_id, user_id.
	 * @return array{results:array<int,array<string,mixed>>,deleted:int,not_found:int,failed:int}|WP_Error
	 */
	public function delete_keys( array $keys, array $context = array( 'context' => 'bulk' ), ?int $concurrency = null ) {
		$ready = $this->ready();
		if ( $ready instanceof WP_Error ) {
			return $ready;
		}
		return self::summary( $this->delete_keys_now( array_values( array_unique( array_map( 'strval', $keys ) ) ), null, $context, $concurrency ) );
	}

	/**
	 * Deletes exactly the carts that match a filter now (the list is fetched afresh), never the key owner's own.
	 * An empty filter matches every cart, active ones included: it needs $all. And the fresh match must not be
	 * larger than what the user confirmed ($expected_count), or nothing is deleted (409).
	 *
	 * @param array<string,mixed> $filter search, status, source, has_items.
	 * @return array{results:array<int,array<string,mixed>>,deleted:int,not_found:int,failed:int}|WP_Error
	 */
	public function delete_matching( array $filter, int $expected_count, bool $all = false ) {
		$filter = self::filter_of( $filter );
		if ( ! $all && '' === trim( $filter['search'] ) && '' === $filter['status'] && '' === $filter['source'] && '' === $filter['has_items'] ) {
			return new WP_Error(
				'cart_sessions_filter_matches_everything',
				__( 'This filter matches every cart, active ones included, so nothing was deleted. Choose a status, source, items or search first, or send all: true to delete every cart.', 'cart-sessions-for-cocart' ),
				array(
					'status' => 400,
					'params' => array( 'filter' => __( 'Choose at least one condition, or send all: true.', 'cart-sessions-for-cocart' ) ),
				)
			);
		}
		$ready = $this->ready();
		if ( $ready instanceof WP_Error ) {
			return $ready;
		}
		$snapshot = $this->snapshot( true );
		if ( $snapshot instanceof WP_Error ) {
			return $snapshot;
		}
		if ( $snapshot['stale'] ) {
			return self::error( $snapshot['error'] ?? Errors::make( 'upstream_error', __( 'The store could not list its carts just now, so nothing was deleted.', 'cart-sessions-for-cocart' ), 502 ) );
		}
		$rows    = $this->rows( $snapshot );
		$unknown = array();
		if ( 'documented' !== $snapshot['shape'] && Query::needs_details( $filter ) ) {
			$candidates = Query::filter( $rows, array( 'has_items' => '' ) + $filter );
			$this->fill_details( $rows, array_column( $candidates, 'key' ), microtime( true ) + self::budget() );
			foreach ( $candidates as $candidate ) {
				if ( null === $rows[ $candidate['key'] ]['item_count'] && ! $rows[ $candidate['key'] ]['is_key_owner'] ) {
					$unknown[] = $candidate['key'];
				}
			}
			$this->details()->save();
		}
		$keys = array();
		foreach ( Query::filter( $rows, $filter ) as $row ) {
			if ( ! $row['is_key_owner'] ) {
				$keys[] = (string) $row['key'];
			}
		}
		if ( count( $keys ) > $expected_count ) {
			return new WP_Error(
				'cart_sessions_match_grew',
				sprintf(
					/* translators: 1: carts matching now, 2: carts the user confirmed */
					_n( 'Nothing was deleted: %1$s cart matches this filter now, more than the %2$s you confirmed. Look at the list again and confirm the new number.', 'Nothing was deleted: %1$s carts match this filter now, more than the %2$s you confirmed. Look at the list again and confirm the new number.', count( $keys ), 'cart-sessions-for-cocart' ),
					number_format_i18n( count( $keys ) ),
					number_format_i18n( $expected_count )
				),
				array(
					'status'   => 409,
					'matching' => count( $keys ),
					'expected' => $expected_count,
				)
			);
		}
		$results = $this->delete_keys_now( $keys, microtime( true ) + self::delete_budget(), array( 'context' => 'filter' ) );
		foreach ( $unknown as $key ) {
			$results[] = array(
				'key'     => $key,
				'result'  => 'failed',
				'message' => __( 'Not deleted: its item count could not be read from the store, so whether it matches the filter is unknown.', 'cart-sessions-for-cocart' ),
			);
		}
		return self::summary( $results );
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
		$ready = $this->ready();
		if ( $ready instanceof WP_Error ) {
			return $ready;
		}
		$snapshot = $this->snapshot( $refresh, $retry_too_big ?? $refresh );
		if ( $snapshot instanceof WP_Error ) {
			return $snapshot;
		}
		if ( $snapshot['stale'] && ! $allow_stale ) {
			return self::error( $snapshot['error'] ?? Errors::make( 'upstream_error', __( 'The store could not list its carts just now.', 'cart-sessions-for-cocart' ), 502 ) );
		}
		$rows = $this->rows( $snapshot );
		KeyOwner::flush_pending();
		return array(
			'rows'       => $rows,
			'fetched_at' => $snapshot['fetched_at'],
			'shape'      => $snapshot['shape'],
			'stale'      => $snapshot['stale'],
			'currency'   => $this->info()['currency'],
			'decimals'   => $this->info()['decimals'],
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
		$ready = $this->ready();
		if ( $ready instanceof WP_Error ) {
			return $ready;
		}
		$fetched = $this->fetch_list();
		if ( $fetched instanceof WP_Error ) {
			return $fetched;
		}
		$this->shape = $fetched['shape'];
		$wanted      = array_flip( array_map( 'strval', $keys ) );
		$listed      = array();
		foreach ( $fetched['rows'] as $row ) {
			if ( isset( $wanted[ (string) $row['key'] ] ) ) {
				$listed[] = $row;
			}
		}
		unset( $fetched );
		$rows = $this->decorate( $listed, $this->lists()->meta()['owner'] ?? null, 'documented' === $this->shape );
		KeyOwner::flush_pending();
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
		$pending = $this->fill_details( $rows, $keys, $deadline, $concurrency );
		$this->details()->save();
		KeyOwner::flush_pending();
		return $pending;
	}

	/**
	 * Runs CoCart's own "Clear expired carts" tool on the store (§9): one request, one DELETE … WHERE cart_expiry <
	 * now on the store (46k carts in under a second); it cannot pick carts. The cleanup's "every expired cart" rule
	 * and the way out when the store is too big for its own list. Needs a Read/Write key, as deletes do.
	 *
	 * @param bool $count Also ask the store how many carts it holds before and after (two more requests).
	 * @return array{cleared:int|null,before:int|null,after:int|null,message:string}|WP_Error
	 */
	public function clear_expired( bool $count = false ) {
		$ready = $this->ready();
		if ( $ready instanceof WP_Error ) {
			return $ready;
		}
		list( $can_delete, $why_not ) = $this->delete_permission();
		if ( ! $can_delete ) {
			return new WP_Error( 'cart_sessions_read_only_key', (string) $why_not, array( 'status' => 403 ) );
		}
		$before = $count ? ( StoreInfo::get( $this->client, true )['counts']['carts_in_session'] ?? null ) : null;
		$answer = $this->client->request( 'PUT', 'wc/v3/system_status/tools/cocart_cleanup_carts' );
		$fix    = __( 'Run it on the store instead: WooCommerce → Status → Tools → “Clear expired carts”. If that tool is missing, update CoCart.', 'cart-sessions-for-cocart' );
		if ( $answer instanceof WP_Error ) {
			if ( 'key_permission' === ( $answer->get_error_data()['reason'] ?? '' ) ) {
				$this->remember_permission( 'read', $answer->get_error_message() );
			}
			return self::error( $answer, $fix );
		}
		if ( is_array( $answer->data ) && false === ( $answer->data['success'] ?? true ) ) {
			return self::error( Errors::make( 'store_error', (string) ( $answer->data['message'] ?? __( 'The store’s “Clear expired carts” tool reported a failure.', 'cart-sessions-for-cocart' ) ), 502 ), $fix );
		}
		// The store's carts changed under every cached row.
		$this->lists()->clear();
		$this->too_big_memo()->forget(); // Most rows are usually gone: the list may fit again.
		$after  = $count ? ( StoreInfo::get( $this->client, true )['counts']['carts_in_session'] ?? null ) : null;
		$before = null === $before ? null : (int) $before;
		$after  = null === $after ? null : (int) $after;
		return array(
			'cleared' => null === $before || null === $after ? null : max( 0, $before - $after ),
			'before'  => $before,
			'after'   => $after,
			'message' => null === $after
				? __( 'Expired carts cleared.', 'cart-sessions-for-cocart' )
				/* translators: %s: number of carts left on the store */
				: sprintf( __( 'Expired carts cleared. The store now holds %s carts.', 'cart-sessions-for-cocart' ), number_format_i18n( $after ) ),
		);
	}

	/**
	 * Deletes keys upstream; per-key results. Keys not attempted before $deadline are reported as failed. Every
	 * result goes to the audit, and the deleted keys to the cart_sessions_deleted action.
	 *
	 * @param string[]            $keys
	 * @param array<string,mixed> $context See delete_keys().
	 * @return array<int,array<string,mixed>>
	 */
	private function delete_keys_now( array $keys, ?float $deadline, array $context, ?int $concurrency = null ): array {
		$concurrency = max( 1, $concurrency ?? self::DELETE_CONCURRENCY );
		$shape       = $this->shape();
		$answers = array();
		// The key owner's own cart is never deleted, whatever the caller sends: CoCart re-creates it in the same
		// request that deletes it, and it is not a customer's cart.
		$owner   = $this->lists()->meta()['owner'] ?? ( new KeyOwner( $this->settings ) )->known();
		if ( null !== $owner && in_array( (string) $owner, $keys, true ) ) {
			$answers[ (string) $owner ] = Errors::make( 'own_cart', __( 'Not deleted: this is the API key owner’s own cart (CoCart keeps one for the user the key belongs to and re-creates it on every request). It is not a customer’s cart.', 'cart-sessions-for-cocart' ), 409 );
		}
		$queue   = array_values( array_diff( $keys, array_keys( $answers ) ) );
		// With no remembered way of authenticating, the first goes alone through the client's full path
		// (fallbacks, key rotation); the rest then use what worked.
		if ( array() !== $queue && '' === $this->settings->key_state()['auth'] ) {
			$first             = array_shift( $queue );
			$answers[ $first ] = $this->client->delete( self::path( $shape, $first ) );
		}
		$this->per_cart(
			'DELETE',
			$queue,
			array(),
			$deadline,
			$concurrency,
			static function ( string $key, $answer ) use ( &$answers ): void {
				$answers[ $key ] = $answer;
			}
		);
		$results = array();
		$gone    = array();
		foreach ( $keys as $key ) {
			if ( ! array_key_exists( $key, $answers ) ) {
				$results[] = array(
					'key'     => $key,
					'result'  => 'failed',
					'message' => __( 'Not attempted: the time allowed for one request ran out. Run the delete again to continue.', 'cart-sessions-for-cocart' ),
				);
				continue;
			}
			$answer = $answers[ $key ];
			if ( $answer instanceof Response ) {
				$results[] = array(
					'key'     => $key,
					'result'  => 'deleted',
					'message' => null,
				);
				$gone[]    = $key;
				$this->remember_permission( 'read_write', null );
				continue;
			}
			$reason = (string) ( $answer->get_error_data()['reason'] ?? '' );
			if ( 'own_cart' === $reason ) {
				$results[] = array(
					'key'     => $key,
					'result'  => 'failed',
					'message' => $answer->get_error_message(),
					'error'   => $answer,
				);
				continue;
			}
			if ( 'not_found' === $reason ) {
				$results[] = array(
					'key'     => $key,
					'result'  => 'not_found',
					'message' => __( 'Already gone: the store has no cart with this key.', 'cart-sessions-for-cocart' ),
				);
				$gone[]    = $key;
				$this->remember_permission( 'read_write', null );
				continue;
			}
			if ( 'key_permission' === $reason ) {
				$this->remember_permission( 'read', $answer->get_error_message() );
			}
			$error     = self::error( $answer );
			$results[] = array(
				'key'     => $key,
				'result'  => 'failed',
				'message' => $answer->get_error_message(),
				'error'   => $error,
			);
		}
		if ( array() !== $gone ) {
			$this->lists()->forget( $gone );
			$this->details()->forget( $gone );
			$this->details()->save();
		}
		KeyOwner::flush_pending();
		self::deleted( $results, $context );
		return $results;
	}

	/**
	 * After deletes: an audit row per result, then the cart_sessions_deleted action with the keys deleted.
	 *
	 * @param array<int,array{key:string,result:string,message:string|null}> $results
	 * @param array<string,mixed>                                           $context
	 */
	public static function deleted( array $results, array $context ): void {
		$context += array(
			'context' => 'bulk',
			'run_id'  => null,
			'user_id' => get_current_user_id(),
		);
		Audit::record( $results, $context );
		$keys = array();
		foreach ( $results as $result ) {
			if ( 'deleted' === $result['result'] ) {
				$keys[] = (string) $result['key'];
			}
		}
		if ( array() !== $keys ) {
			/**
			 * Fires after carts were deleted on the store, from any path: the Sessions browser (context single,
			 * bulk or filter) or a cleanup run (cleanup, or cleanup_bulk for CoCart's bulk tool).
			 *
			 * @param string[]            $keys    The cart keys deleted.
			 * @param array<string,mixed> $context context, run_id (int|null), user_id (int; 0 for WP-Cron).
			 */
			do_action( 'cart_sessions_deleted', $keys, $context );
		}
	}



	/**
	 * The store's currency code, when known.
	 */
	public function currency(): ?string {
		return $this->info()['currency'];
	}

	/**
	 * @param array<int,array<string,mixed>> $results
	 * @return array{results:array<int,array<string,mixed>>,deleted:int,not_found:int,failed:int}
	 */
	private static function summary( array $results ): array {
		$counts = array(
			'deleted'   => 0,
			'not_found' => 0,
			'failed'    => 0,
		);
		$out    = array();
		foreach ( $results as $result ) {
			++$counts[ $result['result'] ];
			$out[] = array(
				'key'     => $result['key'],
				'result'  => $result['result'],
				'message' => $result['message'],
			);
		}
		return array( 'results' => $out ) + $counts;
	}

	/**
	 * The list: the cached one while fresh, else fetched (or the cached one, stale, when the store fails).
	 * $retry_too_big: ask even if the store was found too big for its list lately (an explicit refresh).
	 *
	 * @return array{rows:array<int,array<string,mixed>>,fetched_at:int,shape:string,stale:bool,error?:WP_Error}|WP_Error
	 */
	private function snapshot( bool $refresh, bool $retry_too_big = false ) {
		$snapshot = $this->read_snapshot( $refresh, $retry_too_big );
		if ( is_array( $snapshot ) ) {
			$this->shape = $snapshot['shape'];
		}
		return $snapshot;
	}

	/**
	 * The list's shape: the one last read, else the cached list's (unpacking it: 10,000 rows cost ~10 MB).
	 */
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
			'total' => number_format( $sum, (int) $this->info()['decimals'], '.', '' ),
			'carts' => $known,
		);
	}

	private function shape(): string {
		if ( null === $this->shape ) {
			$this->shape = $this->lists()->meta()['shape'] ?? 'released';
		}
		return $this->shape;
	}

	/**
	 * @return array{rows:array<int,array<string,mixed>>,fetched_at:int,shape:string,stale:bool,error?:WP_Error}|WP_Error
	 */
	private function read_snapshot( bool $refresh, bool $retry_too_big ) {
		$cached = $refresh ? null : $this->lists()->get();
		if ( null !== $cached && $cached['fresh'] ) {
			return array(
				'rows'       => $cached['rows'],
				'fetched_at' => $cached['fetched_at'],
				'shape'      => $cached['shape'],
				'stale'      => false,
			);
		}
		$cached  = null; // Not held while fetching (10,000 rows are ~10 MB); read again if the store fails.
		$fetched = $this->fetch_list( $retry_too_big );
		if ( $fetched instanceof WP_Error ) {
			$cached = $this->lists()->get();
			$reason = (string) ( $fetched->get_error_data()['reason'] ?? '' );
			if ( null !== $cached && 'cart_sessions_store_too_big' !== $fetched->get_error_code() && ! in_array( $reason, self::CONFIG_REASONS, true ) ) {
				return array(
					'rows'       => $cached['rows'],
					'fetched_at' => $cached['fetched_at'],
					'shape'      => $cached['shape'],
					'stale'      => true,
					'error'      => $fetched,
				);
			}
			return $fetched;
		}
		$now  = time();
		$later = $this->write_list_after_response;
		$rows  = $this->lists()->put( $fetched['rows'], $fetched['shape'], $now, false, $later );
		unset( $fetched['rows'] );
		$keys = array_column( $rows, 'key' );
		if ( $later ) {
			AfterResponse::add(
				function () use ( $keys ): void {
					$this->details()->prune( $keys );
					$this->details()->save();
				}
			);
		} else {
			$this->details()->prune( $keys );
		}
		return array(
			'rows'       => $rows,
			'fetched_at' => $now,
			'shape'      => $fetched['shape'],
			'stale'      => false,
		);
	}

	/**
	 * Fetches every cart from the store (one request; page by page where the store pages). While the store is
	 * remembered as too big for its own list (TooBig), it is not asked, unless $retry_too_big.
	 *
	 * @return array{rows:array<int,array<string,mixed>>,shape:string}|WP_Error
	 */
	private function fetch_list( bool $retry_too_big = false ) {
		$seen = $retry_too_big ? null : $this->too_big_memo()->get();
		if ( null !== $seen ) {
			return $this->too_big_error( $seen );
		}
		$query  = array(
			'page'     => 1,
			'per_page' => self::LIST_PAGE_SIZE,
		);
		$answer = $this->client->get( 'cocart/v2/sessions', $query );
		if ( $answer instanceof WP_Error ) {
			$data = (array) $answer->get_error_data();
			if ( 'not_found' === ( $data['reason'] ?? '' ) && 'cocart_no_carts_in_session' === ( $data['upstream_code'] ?? '' ) ) {
				return array(
					'rows'  => array(),
					'shape' => 'released',
				);
			}
			if ( ! empty( $data['list_oom'] ) || ( 'not_json' === ( $data['reason'] ?? '' ) && 'truncated' === ( $data['body_kind'] ?? '' ) ) ) {
				return $this->too_big( $answer );
			}
			return self::error( $answer );
		}
		$data  = is_array( $answer->data ) ? $answer->data : array();
		$pages = (int) ( $answer->header( 'x-wp-totalpages' ) ?? 0 );
		$paged = null !== $answer->header( 'x-wp-total' ) || isset( $data['sessions'] );
		$first = is_array( $data['sessions'] ?? null ) ? $data['sessions'] : $data;
		$shape = $paged || ( isset( $first[0] ) && is_array( $first[0] ) && ( isset( $first[0]['session_key'] ) || isset( $first[0]['cart_items'] ) ) ) ? 'documented' : 'released';
		$raw   = $first;
		if ( $paged && $pages > 1 ) {
			$requests = array();
			for ( $p = 2; $p <= min( $pages, self::MAX_LIST_PAGES ); $p++ ) {
				$requests[ $p ] = array( 'GET', 'cocart/v2/sessions', array( 'page' => $p ) + $query );
			}
			foreach ( $this->client->request_many( $requests, self::DETAIL_CONCURRENCY ) as $more ) {
				if ( $more instanceof WP_Error ) {
					return self::error( $more );
				}
				$more_rows = is_array( $more->data['sessions'] ?? null ) ? $more->data['sessions'] : (array) $more->data;
				$raw       = array_merge( $raw, $more_rows );
			}
		}
		// Only $raw holds the store's rows from here on, so each can be freed as soon as it is normalised: at 10,000
		// carts the decoded answer and the normalised rows would otherwise both be in memory (~10 MB each).
		$answer = null;
		unset( $data, $first );
		$rows = array();
		foreach ( array_keys( $raw ) as $i ) {
			$row = is_array( $raw[ $i ] ) ? $this->normaliser()->row( $raw[ $i ] ) : array( 'key' => '' );
			unset( $raw[ $i ] );
			if ( '' !== $row['key'] ) {
				$rows[ strtolower( (string) $row['key'] ) ] = $row; // A row that moved between pages counts once.
			}
		}
		return array(
			'rows'  => array_values( $rows ),
			'shape' => $shape,
		);
	}

	/**
	 * The list died of memory on the store: remember it (no view asks again before the re-try time, as each try is
	 * a PHP fatal there), end the cached list's freshness (it is no longer the store's list), and say so.
	 */
	private function too_big( WP_Error $error ): WP_Error {
		$info       = StoreInfo::get( $this->client, true );
		$this->info = $info;
		$this->lists()->end_freshness();
		$seen                    = $this->too_big_memo()->remember( $info['counts'] );
		$seen['upstream_status'] = $error->get_error_data()['upstream_status'] ?? null;
		return $this->too_big_error( $seen );
	}

	/**
	 * What the store being too big for its list means, with the counts when it was seen and when the plugin asks
	 * again.
	 *
	 * @param array{seen_at:int,retry_at:int,counts:array<string,int>|null,upstream_status?:int|null} $seen
	 */
	private function too_big_error( array $seen ): WP_Error {
		$counts  = $seen['counts'];
		$fix     = __( 'Clear expired carts — usually most of them — with CoCart’s bulk tool: the “Clear expired carts” button shown with this message on the Sessions and Overview tabs, or on the store WooCommerce → Status → Tools → “Clear expired carts”. Or raise the store’s PHP memory limit (WP_MEMORY_LIMIT / memory_limit; CoCart needs about 16 MB + 9 KB per cart to list them).', 'cart-sessions-for-cocart' );
		$message = null !== $counts && isset( $counts['carts_in_session'] )
			/* translators: 1: number of carts, 2: number of active carts */
			? sprintf( __( 'The store holds %1$s carts (%2$s active) — too many for CoCart to list at once: its list ran out of memory on the store.', 'cart-sessions-for-cocart' ), number_format_i18n( (int) $counts['carts_in_session'] ), number_format_i18n( (int) ( $counts['count_carts_active'] ?? 0 ) ) )
			: __( 'The store’s list of carts is too big for CoCart to send at once: its list ran out of memory on the store.', 'cart-sessions-for-cocart' );
		$message .= ' ' . sprintf(
			/* translators: 1: date and time the store was last asked, 2: date and time of the next automatic try */
			__( 'Seen %1$s. Each try costs the store a PHP fatal error, so the plugin asks again automatically at %2$s; “Try again” or clearing expired carts asks at once.', 'cart-sessions-for-cocart' ),
			wp_date( (string) get_option( 'date_format' ) . ' ' . (string) get_option( 'time_format' ), $seen['seen_at'] ),
			wp_date( (string) get_option( 'time_format' ), $seen['retry_at'] )
		);
		return new WP_Error(
			'cart_sessions_store_too_big',
			$message,
			array(
				'status'          => 502,
				'reason'          => 'store_too_big',
				'counts'          => $counts,
				'fix'             => $fix,
				'seen_at'         => gmdate( Normaliser::DATE_FORMAT, $seen['seen_at'] ),
				'retry_at'        => gmdate( Normaliser::DATE_FORMAT, $seen['retry_at'] ),
				'upstream_status' => $seen['upstream_status'] ?? null,
			)
		);
	}

	/**
	 * Normalised rows with status, currency, key-owner flag and whatever details are cached, keyed by cart key.
	 *
	 * @param array<string,mixed> $snapshot
	 * @return array<string,array<string,mixed>>
	 */
	private function rows( array $snapshot ): array {
		return $this->decorate( $snapshot['rows'], $this->owner( $snapshot ), 'documented' === $snapshot['shape'] );
	}

	/**
	 * The key owner's cart key among the list's rows (see KeyOwner), noted with the cached list so that a page of
	 * it needs no look at the other rows.
	 *
	 * @param array<string,mixed> $snapshot
	 */
	private function owner( array $snapshot ): ?string {
		$owner = ( new KeyOwner( $this->settings ) )->find( $snapshot['rows'] );
		$this->lists()->put_owner( $owner );
		return $owner;
	}

	/**
	 * List rows with what the list does not say: status (now), key-owner flag, cached details, currency.
	 *
	 * @param array<int,array<string,mixed>> $list_rows
	 * @return array<string,array<string,mixed>> By cart key.
	 */
	private function decorate( array $list_rows, ?string $owner, bool $documented ): array {
		$normaliser = $this->normaliser();
		$currency   = $this->info()['currency'];
		$out        = array();
		foreach ( $list_rows as $row ) {
			$key                 = (string) $row['key'];
			$row['status']       = $normaliser->status( $row['expires'] );
			$row['is_key_owner'] = null !== $owner && $key === $owner;
			$row['detail_error'] = null;
			$row['products']     = null;
			if ( ! $documented ) {
				$cached = $this->details()->get( $key, (string) $row['expires'] );
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
	 * Fetches the details of the given rows that are not cached at their current expiry, DETAIL_CONCURRENCY at
	 * once, until $deadline (null: all of them); updates the rows. Returns how many are still unknown.
	 *
	 * @param array<string,array<string,mixed>> $rows By key.
	 * @param string[]                          $keys
	 */
	private function fill_details( array &$rows, array $keys, ?float $deadline, ?int $concurrency = null ): int {
		$concurrency = max( 1, $concurrency ?? self::DETAIL_CONCURRENCY );
		$queue = array();
		foreach ( $keys as $key ) {
			$key = (string) $key; // Numeric keys ("7": a user's cart) come back from array_keys() as integers.
			if ( ! isset( $rows[ $key ] ) ) {
				continue;
			}
			$cached = $this->details()->get( $key, (string) $rows[ $key ]['expires'] );
			if ( null !== $cached ) {
				$rows[ $key ]['item_count']   = $cached['item_count'];
				$rows[ $key ]['total']        = $cached['total'];
				$rows[ $key ]['detail_error'] = $cached['error'];
				$rows[ $key ]['products']     = $cached['products'];
				$rows[ $key ]['currency']     = null === $cached['total'] ? null : $this->info()['currency'];
				continue;
			}
			$queue[] = $key;
		}
		$answered               = $this->per_cart(
			'GET',
			$queue,
			array( 'thumb' => 'false' ),
			$deadline,
			$concurrency,
			function ( string $key, $answer ) use ( &$rows ): void {
				$this->take_detail( $rows, $key, $answer );
			}
		);
		$this->detail_requests += $answered;
		return count( $queue ) - $answered; // Not started before the deadline: still pending.
	}

	/**
	 * One request per cart key (the session route), $concurrency in flight, none started after $deadline; each
	 * answer goes to $each( key, Response|WP_Error ) as its chunk ends. Long chunks, one sliding window each
	 * (requests are signed as their chunk starts). Returns how many were sent.
	 *
	 * @param string[]             $keys
	 * @param array<string,scalar> $query
	 */
	private function per_cart( string $method, array $keys, array $query, ?float $deadline, int $concurrency, callable $each ): int {
		$shape = $this->shape();
		$sent  = 0;
		foreach ( array_chunk( $keys, $concurrency * self::CHUNK_PER_SLOT ) as $chunk ) {
			$requests = array();
			foreach ( $chunk as $i => $key ) {
				$requests[ $i ] = array( $method, self::path( $shape, (string) $key ), $query );
			}
			$answers = $this->client->request_many( $requests, $concurrency, array( 'deadline' => $deadline ) );
			$sent   += count( $answers );
			foreach ( $answers as $i => $answer ) {
				$each( (string) $chunk[ $i ], $answer );
			}
			if ( count( $answers ) < count( $chunk ) ) {
				break;
			}
		}
		return $sent;
	}

	/**
	 * One detail answer into its row and the cache.
	 *
	 * @param array<string,array<string,mixed>> $rows By key.
	 * @param Response|WP_Error                 $answer
	 */
	private function take_detail( array &$rows, string $key, $answer ): void {
		$stamp = (string) $rows[ $key ]['expires'];
		if ( $answer instanceof Response && is_array( $answer->data ) ) {
			$detail                       = $this->normaliser()->detail( $answer->data );
			$rows[ $key ]['item_count']   = $detail['item_count'];
			$rows[ $key ]['total']        = $detail['totals']['total'];
			$rows[ $key ]['currency']     = null === $detail['totals']['total'] ? null : $this->info()['currency'];
			$rows[ $key ]['detail_error'] = null;
			$rows[ $key ]['products']     = DetailCache::lines( $detail['items'] );
			$this->details()->put( $key, $stamp, $detail['item_count'], $detail['totals']['total'], $rows[ $key ]['products'] );
			return;
		}
		$message                      = $answer instanceof WP_Error ? $answer->get_error_message() : __( 'The store answered this cart with something that is not a cart.', 'cart-sessions-for-cocart' );
		$rows[ $key ]['detail_error'] = $message;
		if ( $answer instanceof WP_Error && 'not_found' === ( $answer->get_error_data()['reason'] ?? '' ) ) {
			$rows[ $key ]['detail_error'] = __( 'The store no longer has this cart (deleted or cleaned up since the list was fetched).', 'cart-sessions-for-cocart' );
		} elseif ( $answer instanceof WP_Error && 'store_error' === ( $answer->get_error_data()['reason'] ?? '' ) && 500 === ( $answer->get_error_data()['upstream_status'] ?? 0 ) ) {
			$this->details()->put_failure( $key, $stamp, $message ); // The store's own bug: do not ask again soon.
		}
	}

	/**
	 * Whether the default first page can be answered from what this site has cached, without asking the store
	 * (the admin page preloads it then: Admin\Page).
	 */
	public function answers_from_cache(): bool {
		$meta = $this->lists()->meta();
		return ! $this->ready() instanceof WP_Error && null !== $meta && $meta['fresh'] && StoreInfo::is_fresh( $this->settings->store_url() );
	}

	/**
	 * A page straight from a fresh cached list, or null when the list must be read whole (or fetched): the
	 * default view is the stored order itself; other views need their row positions kept by an earlier page.
	 *
	 * @return array{rows:array<int,array<string,mixed>>,total:int,meta:array{fetched_at:int,shape:string}}|null
	 */
	private function cached_page( string $signature, int $page, int $per_page ): ?array {
		$meta = $this->lists()->meta();
		if ( null === $meta || ! $meta['fresh'] ) {
			return null;
		}
		$offset = ( $page - 1 ) * $per_page;
		if ( 'default' === $signature ) {
			$total     = $meta['count'];
			$positions = $offset < $total ? range( $offset, min( $offset + $per_page, $total ) - 1 ) : array();
		} else {
			$packed = $this->lists()->view( $signature );
			if ( null === $packed ) {
				return null;
			}
			$total     = intdiv( strlen( $packed ), 8 );
			$slice     = $offset < $total ? (string) hex2bin( substr( $packed, $offset * 8, $per_page * 8 ) ) : '';
			$positions = '' === $slice ? array() : array_values( (array) unpack( 'V*', $slice ) );
		}
		$rows = $this->lists()->rows_at( $positions );
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
	 * null for views that depend on details (items, total) or on the time (status), which are worked out afresh.
	 *
	 * @param array{search:string,status:string,source:string,has_items:string} $filter
	 */
	private static function view_signature( array $filter, string $orderby, string $order ): ?string {
		if ( '' !== $filter['status'] || '' !== $filter['has_items'] || in_array( $orderby, array( 'item_count', 'total', 'status' ), true ) ) {
			return null;
		}
		if ( '' === $filter['search'] && '' === $filter['source'] && 'expires' === $orderby && 'desc' === $order ) {
			return 'default';
		}
		return md5( (string) wp_json_encode( array( $filter['search'], $filter['source'], $orderby, $order ) ) );
	}

	/**
	 * How many of these rows have neither their details nor a remembered failure.
	 *
	 * @param array<int|string,array<string,mixed>> $rows
	 */
	private static function lacking_details( array $rows ): int {
		$lacking = 0;
		foreach ( $rows as $row ) {
			if ( null === $row['item_count'] && null === $row['detail_error'] ) {
				++$lacking;
			}
		}
		return $lacking;
	}

	/**
	 * An ISO 8601 UTC date as the screens show dates: the site's date and time formats, in its time zone.
	 */
	private static function date_time( string $iso ): string {
		$time = strtotime( $iso );
		return false === $time ? $iso : (string) wp_date( (string) get_option( 'date_format' ) . ' ' . (string) get_option( 'time_format' ), $time );
	}

	/**
	 * The detail panel's checks (the CoCart guide's "debug a customer cart").
	 *
	 * @param array<string,mixed> $session
	 * @return array<int,array{id:string,status:string,message:string}>
	 */
	private function checks( array $session, ?string $version ): array {
		$checks = array();
		if ( ! empty( $session['is_key_owner'] ) ) {
			$checks[] = array(
				'id'      => 'key_owner',
				'status'  => 'warn',
				'message' => __( 'This is the API key’s own session (its cart key is the key user’s ID), not a customer’s cart. CoCart saves it again at the end of every request the plugin sends — even the one that deletes it — so it cannot be deleted and is not offered for deleting.', 'cart-sessions-for-cocart' ),
			);
		}
		if ( 0 == $session['item_count'] ) { // phpcs:ignore Universal.Operators.StrictComparisons -- 0 or 0.0.
			$checks[] = array(
				'id'      => 'empty',
				'status'  => 'warn',
				'message' => __( 'The cart is empty: nothing to recover. Empty carts are safe to delete.', 'cart-sessions-for-cocart' ),
			);
		} else {
			$checks[] = array(
				'id'      => 'empty',
				'status'  => 'pass',
				/* translators: %s: number of items */
				'message' => sprintf( __( 'The cart holds %s item(s).', 'cart-sessions-for-cocart' ), (string) $session['item_count'] ),
			);
		}
		if ( 'expired' === $session['status'] ) {
			$checks[] = array(
				'id'      => 'expired',
				'status'  => 'fail',
				/* translators: %s: date and time, in the site's format and time zone */
				'message' => sprintf( __( 'The cart expired on %s. The customer can no longer load it; CoCart deletes it at its next cleanup.', 'cart-sessions-for-cocart' ), self::date_time( (string) $session['expires'] ) ),
			);
		} elseif ( 'expiring' === $session['status'] ) {
			$checks[] = array(
				'id'      => 'expired',
				'status'  => 'warn',
				/* translators: %s: date and time, in the site's format and time zone */
				'message' => sprintf( __( 'The cart expires within 6 hours, on %s, unless the customer comes back.', 'cart-sessions-for-cocart' ), self::date_time( (string) $session['expires'] ) ),
			);
		} else {
			$checks[] = array(
				'id'      => 'expired',
				'status'  => 'pass',
				'message' => null === $session['expires'] ? __( 'The store did not say when this cart expires.', 'cart-sessions-for-cocart' ) : __( 'The cart has not expired.', 'cart-sessions-for-cocart' ),
			);
		}
		if ( null !== $version ) {
			$buggy    = KnownBugs::has( KnownBugs::CALLERS_CUSTOMER, $version );
			$checks[] = array(
				'id'      => 'customer_data',
				'status'  => $buggy ? 'warn' : 'pass',
				'message' => $buggy
					/* translators: %s: CoCart version */
					? sprintf( __( 'CoCart %s returns the API key owner’s billing details as every cart’s customer (fixed in 4.8.1), so the name and email shown here come from the list of carts instead; the address is not known. Update CoCart to 4.8.1 or newer.', 'cart-sessions-for-cocart' ), $version )
					/* translators: %s: CoCart version */
					: sprintf( __( 'CoCart %s returns each cart’s own customer details.', 'cart-sessions-for-cocart' ), $version ),
			);
		}
		return $checks;
	}

	/**
	 * A row as the REST route returns it (the normalised session plus is_key_owner and detail_error).
	 *
	 * @param array<string,mixed> $row
	 * @return array<string,mixed>
	 */
	public static function public_row( array $row ): array {
		return array(
			'key'          => (string) $row['key'],
			'customer'     => array(
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
	 * Whether deleting can work with the key in use: what the store showed (the key's save, our own deletes),
	 * else the doctor's last report; unknown counts as yes unless $learn (then the store is asked first).
	 *
	 * @return array{0:bool,1:string|null}
	 */
	public function delete_permission( bool $learn = false ): array {
		$known = get_option( self::PERMISSION_OPTION, array() );
		if ( is_array( $known ) && ( $known['connection'] ?? '' ) === $this->connection() ) {
			return 'read' === ( $known['permission'] ?? '' ) ? array( false, (string) $known['message'] ) : array( true, null );
		}
		if ( $learn && null !== $this->learn_permission() ) {
			return $this->delete_permission();
		}
		$report = get_transient( SiteHealth::CACHE );
		if ( is_array( $report ) && ( $report['store_url'] ?? '' ) === $this->settings->store_url() ) {
			foreach ( (array) ( $report['checks'] ?? array() ) as $check ) {
				if ( 'key_permission' === ( $check['id'] ?? '' ) && 'warn' === ( $check['status'] ?? '' ) && false !== strpos( (string) ( $check['fix'] ?? '' ), 'Read/Write' ) ) {
					return array( false, (string) $check['message'] );
				}
			}
		}
		return array( true, null );
	}

	/**
	 * Asks the store what the key may do, without changing anything: a DELETE of a cart key that cannot exist
	 * answers 404 for a Read/Write key and 401 "does not have write permissions" for a read-only one (WooCommerce
	 * checks the key's permission before the route runs). Remembers and returns 'read' or 'read_write'; null when
	 * the store did not say (unreachable, bad key…).
	 */
	public function learn_permission(): ?string {
		if ( $this->ready() instanceof WP_Error ) {
			return null;
		}
		$probe  = 'cart_sessions_probe_' . bin2hex( random_bytes( 10 ) );
		$answer = $this->client->request( 'DELETE', self::path( $this->shape(), $probe ), array(), array( 'idempotent' => true, 'timeout' => min( 10, $this->settings->timeout() ) ) );
		$reason = $answer instanceof WP_Error ? (string) ( $answer->get_error_data()['reason'] ?? '' ) : '';
		if ( 'not_found' === $reason ) {
			$this->remember_permission( 'read_write', null );
			return 'read_write';
		}
		if ( 'key_permission' === $reason && $answer instanceof WP_Error ) {
			$this->remember_permission( 'read', $answer->get_error_message() );
			return 'read';
		}
		return null;
	}

	private function remember_permission( string $permission, ?string $message ): void {
		$known = get_option( self::PERMISSION_OPTION, array() );
		if ( is_array( $known ) && ( $known['connection'] ?? '' ) === $this->connection() && ( $known['permission'] ?? '' ) === $permission ) {
			return;
		}
		update_option(
			self::PERMISSION_OPTION,
			array(
				'connection' => $this->connection(),
				'permission' => $permission,
				'message'    => null === $message ? null : $message . ' ' . __( 'On the store: WooCommerce → Settings → Advanced → REST API → edit this key → Permissions: Read/Write.', 'cart-sessions-for-cocart' ),
				'at'         => time(),
			),
			false
		);
	}

	/**
	 * The connection is set up, or the error saying it is not.
	 *
	 * @return true|WP_Error
	 */
	private function ready() {
		$ready = $this->client->ready();
		return true === $ready ? true : self::error( $ready );
	}

	/**
	 * A client error for our routes: status 409 (not set up), 504 (timeout) or 502, and data.fix.
	 */
	public static function error( WP_Error $error, ?string $fix = null ): WP_Error {
		$data   = (array) $error->get_error_data();
		$reason = (string) ( $data['reason'] ?? '' );
		if ( in_array( $reason, self::CONFIG_REASONS, true ) ) {
			$status = 409;
			$fix    = $fix ?? __( 'Open the Settings tab and enter the store URL and a WooCommerce REST API key pair (Read/Write).', 'cart-sessions-for-cocart' );
		} elseif ( 'too_slow' === $reason ) {
			$status = 504;
		} else {
			$status = 502;
		}
		$data['status'] = $status;
		$data['fix']    = $fix ?? Doctor::fix_for( $error ) ?? __( 'Run the connection test in the Settings tab for details.', 'cart-sessions-for-cocart' );
		return new WP_Error( $error->get_error_code(), $error->get_error_message(), $data );
	}

	/**
	 * @param array<string,mixed> $args
	 * @return array{search:string,status:string,source:string,has_items:string}
	 */
	private static function filter_of( array $args ): array {
		return array(
			'search'    => (string) ( $args['search'] ?? '' ),
			'status'    => (string) ( $args['status'] ?? '' ),
			'source'    => (string) ( $args['source'] ?? '' ),
			'has_items' => (string) ( $args['has_items'] ?? '' ),
		);
	}

	private static function path( string $shape, string $key ): string {
		return ( 'documented' === $shape ? 'cocart/v2/sessions/' : 'cocart/v2/session/' ) . rawurlencode( $key );
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

	/**
	 * @return array{store_url:string,cocart_version:string|null,decimals:int,currency:string|null,counts:array<string,int>|null,checked_at:int}
	 */
	private function info(): array {
		if ( null === $this->info ) {
			$this->info = StoreInfo::get( $this->client );
		}
		return $this->info;
	}

	private function normaliser(): Normaliser {
		if ( null === $this->normaliser ) {
			$info             = $this->info();
			$this->normaliser = new Normaliser( $info['decimals'], $info['currency'] );
		}
		return $this->normaliser;
	}
}
