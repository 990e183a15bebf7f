<?php
/**
 * Each cart's detail (items, totals, coupons): fetched per cart, DETAIL_CONCURRENCY at once, for the rows being
 * shown or sorted, and cached by (key, expiry) in DetailCache so that a cart is asked again only when it changed;
 * and one cart merged with its list row for the detail panel.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Sessions;

use CartSessions\CoCart\Errors;
use CartSessions\CoCart\KnownBugs;
use CartSessions\CoCart\Response;
use WP_Error;

final class DetailReader {

	/** @var Store */
	private $store;

	/** @var ListReader */
	private $lists;

	public function __construct( Store $store, ListReader $lists ) {
		$this->store = $store;
		$this->lists = $lists;
	}

	/**
	 * One session: its list row merged with CoCart's detail, plus the detail panel's checks.
	 *
	 * @return array<string,mixed>|WP_Error
	 */
	public function one( string $key ) {
		$snapshot = $this->lists->snapshot( false );
		$row      = null;
		$shape    = 'released';
		if ( ! $snapshot instanceof WP_Error ) {
			$shape = $snapshot['shape'];
			foreach ( $this->lists->rows( $snapshot ) as $candidate ) {
				if ( 0 === strcasecmp( (string) $candidate['key'], $key ) ) {
					$row = $candidate;
					break;
				}
			}
		} elseif ( RouteError::is_config( $snapshot ) ) {
			return $snapshot;
		}
		$client = $this->store->client();
		$answer = $client->get( Store::path( $shape, $key ) );
		++$this->store->detail_requests;
		$missing = $answer instanceof WP_Error && 'cocart_missing' === ( $answer->get_error_data()['reason'] ?? '' );
		if ( $missing && 'released' === $shape ) {
			$answer = $client->get( Store::path( 'documented', $key ) ); // A store with the documented routes only.
			++$this->store->detail_requests;
		}
		KeyOwner::flush_pending();
		$version = $this->store->info()['cocart_version'];
		if ( $answer instanceof WP_Error ) {
			return $this->failed( $answer, $key, $row, $version );
		}
		if ( ! is_array( $answer->data ) ) {
			return RouteError::from( Errors::make( 'not_json', self::not_a_cart(), 502 ) );
		}
		$detail = $this->store->normaliser()->detail( $answer->data );
		if ( null === $row ) {
			$row = self::row_of_detail( $detail, $key, $version );
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
			'currency'     => null === $detail['totals']['total'] ? null : $this->store->currency(),
			'is_key_owner' => (bool) ( $row['is_key_owner'] ?? false ),
			'detail_error' => null,
		);
		if ( null !== $row['expires'] ) {
			$this->store->details()->put(
				$row['key'],
				(string) $row['expires'],
				$detail['item_count'],
				$detail['totals']['total'],
				DetailCache::lines( $detail['items'] )
			);
			$this->store->details()->save();
		}
		$merged                   = ( new RestoreLink( $this->store->settings() ) )->add( array( $merged ) )[0];
		$merged['items']          = $detail['items'];
		$merged['coupons']        = $detail['coupons'];
		$merged['fees']           = $detail['fees'];
		$merged['totals']         = $detail['totals'];
		$merged['checks']         = DetailChecks::of( $merged, $version );
		$merged['cocart_version'] = $version;
		return $merged;
	}

	/**
	 * One cart's failed answer as our route's error: "not found" (the list forgets the cart), CoCart's own
	 * "not found" bug when the list has the cart, or the store's failure.
	 *
	 * @param array<string,mixed>|null $row The cart's list row, when the list has it.
	 */
	private function failed( WP_Error $answer, string $key, ?array $row, ?string $version ): WP_Error {
		if ( 'not_found' !== ( $answer->get_error_data()['reason'] ?? '' ) ) {
			return RouteError::from( $answer );
		}
		if ( null !== $row && KnownBugs::has( KnownBugs::SESSION_NOT_FOUND, $version ) ) {
			return RouteError::from(
				Errors::make(
					'store_error',
					sprintf(
						/* translators: 1: CoCart version, 2: the CoCart version that fixed it */
						__( 'The store lists this cart, but CoCart %1$s answers “not found” for every single cart (a bug fixed in CoCart %2$s).', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
						(string) $version,
						KnownBugs::fixed_in( KnownBugs::SESSION_NOT_FOUND )
					),
					502
				),
				sprintf(
					/* translators: %s: the CoCart version that fixed it */
					__( 'Update CoCart on the store to %s or newer.', 'cart-sessions-for-cocart' ),
					KnownBugs::fixed_in( KnownBugs::SESSION_NOT_FOUND )
				)
			);
		}
		if ( null !== $row ) {
			$this->store->lists()->forget( array( $row['key'] ) );
		}
		return new WP_Error(
			'cart_sessions_not_found',
			sprintf(
				/* translators: %s: cart key */
				__( 'The store has no cart with the key %s: it was deleted or has expired and been cleaned up.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
				$key
			),
			array(
				'status' => 404,
				'key'    => $key,
			)
		);
	}

	/**
	 * A row for a cart that is not in the list we hold (a new cart): the detail has no dates or source. Its
	 * customer is the API caller's, not the cart's, in the CoCart versions with that bug (KnownBugs), so only a
	 * fixed version's is shown.
	 *
	 * @param array<string,mixed> $detail Normaliser::detail().
	 * @return array<string,mixed>
	 */
	private static function row_of_detail( array $detail, string $key, ?string $version ): array {
		$fixed = null !== $version && ! KnownBugs::has( KnownBugs::CALLERS_CUSTOMER, $version );
		return array(
			'key'      => '' !== (string) $detail['key'] ? (string) $detail['key'] : $key,
			'customer' => $fixed ? $detail['customer'] : array(
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

	/**
	 * Fetches the details of the given rows that are not cached at their current expiry, DETAIL_CONCURRENCY at
	 * once (or $concurrency), until $deadline (null: all of them); updates the rows. Returns how many are still
	 * unknown. The caller saves the cache.
	 *
	 * @param array<string,array<string,mixed>> $rows By key.
	 * @param string[]                          $keys
	 */
	public function fill( array &$rows, array $keys, ?float $deadline, ?int $concurrency = null ): int {
		$concurrency = max( 1, $concurrency ?? Store::DETAIL_CONCURRENCY );
		$details     = $this->store->details();
		$queue       = array();
		$details->prime( $keys );
		foreach ( $keys as $key ) {
			$key = (string) $key; // Numeric keys ("7": a user's cart) come back from array_keys() as integers.
			if ( ! isset( $rows[ $key ] ) ) {
				continue;
			}
			$cached = $details->get( $key, (string) $rows[ $key ]['expires'] );
			if ( null !== $cached ) {
				$rows[ $key ]['item_count']   = $cached['item_count'];
				$rows[ $key ]['total']        = $cached['total'];
				$rows[ $key ]['detail_error'] = $cached['error'];
				$rows[ $key ]['products']     = $cached['products'];
				$rows[ $key ]['currency']     = null === $cached['total'] ? null : $this->store->currency();
				continue;
			}
			$queue[] = $key;
		}
		$answered = $this->store->per_cart(
			'GET',
			$queue,
			array( 'thumb' => 'false' ),
			$deadline,
			$concurrency,
			function ( string $key, $answer ) use ( &$rows ): void {
				$this->take( $rows, $key, $answer );
			}
		);

		$this->store->detail_requests += $answered;
		return count( $queue ) - $answered; // Not started before the deadline: still pending.
	}

	/**
	 * One detail answer into its row and the cache.
	 *
	 * @param array<string,array<string,mixed>> $rows By key.
	 * @param Response|WP_Error                 $answer
	 */
	private function take( array &$rows, string $key, $answer ): void {
		$stamp = (string) $rows[ $key ]['expires'];
		if ( $answer instanceof Response && is_array( $answer->data ) ) {
			$detail                       = $this->store->normaliser()->detail( $answer->data );
			$total                        = $detail['totals']['total'];
			$rows[ $key ]['item_count']   = $detail['item_count'];
			$rows[ $key ]['total']        = $total;
			$rows[ $key ]['currency']     = null === $total ? null : $this->store->currency();
			$rows[ $key ]['detail_error'] = null;
			$rows[ $key ]['products']     = DetailCache::lines( $detail['items'] );
			$this->store->details()->put( $key, $stamp, $detail['item_count'], $total, $rows[ $key ]['products'] );
			return;
		}
		$message                      = $answer instanceof WP_Error ? $answer->get_error_message() : self::not_a_cart();
		$rows[ $key ]['detail_error'] = $message;
		$data                         = $answer instanceof WP_Error ? (array) $answer->get_error_data() : array();
		if ( 'not_found' === ( $data['reason'] ?? '' ) ) {
			$rows[ $key ]['detail_error'] = __( 'The store no longer has this cart (deleted or cleaned up since the list was fetched).', 'cart-sessions-for-cocart' ); // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
		} elseif ( 'store_error' === ( $data['reason'] ?? '' ) && 500 === ( $data['upstream_status'] ?? 0 ) ) {
			// The store's own bug: do not ask again soon.
			$this->store->details()->put_failure( $key, $stamp, $message );
		}
	}

	/**
	 * How many of these rows have neither their details nor a remembered failure.
	 *
	 * @param array<int|string,array<string,mixed>> $rows
	 */
	public static function lacking( array $rows ): int {
		$lacking = 0;
		foreach ( $rows as $row ) {
			if ( null === $row['item_count'] && null === $row['detail_error'] ) {
				++$lacking;
			}
		}
		return $lacking;
	}

	private static function not_a_cart(): string {
		return __( 'The store answered this cart with something that is not a cart.', 'cart-sessions-for-cocart' );
	}
}
