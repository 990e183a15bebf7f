<?php
/**
 * Deletes carts on the store: one DELETE per cart, at most DELETE_CONCURRENCY at once (a store's delete
 * throughput tops out at two in flight: docs/cocart-api.md#measured), a result per key, and the cached list and
 * details forget what went. Every batch of results is announced (announce()): the audit (Cleanup\Audit) records
 * them and cart_sessions_deleted names the carts deleted. Also "delete all matching" and CoCart's own bulk
 * "Clear expired carts" tool.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Sessions;

use CartSessions\CoCart\DeleteProbe;
use CartSessions\CoCart\Errors;
use CartSessions\CoCart\Response;
use CartSessions\CoCart\StoreInfo;
use WP_Error;

final class Deleter {

	/** @var Store */
	private $store;

	/** @var ListReader */
	private $lists;

	/** @var DetailReader */
	private $details;

	/** @var DeletePermission */
	private $permission;

	public function __construct(
		Store $store,
		ListReader $lists,
		DetailReader $details,
		DeletePermission $permission
	) {
		$this->store      = $store;
		$this->lists      = $lists;
		$this->details    = $details;
		$this->permission = $permission;
	}

	/**
	 * Deletes keys upstream; per-key results. Keys not attempted before $deadline are reported as failed. The
	 * results are announced (announce()).
	 *
	 * @param string[]            $keys
	 * @param array<string,mixed> $context See Service::delete_keys().
	 * @return array<int,array<string,mixed>>
	 */
	public function delete( array $keys, ?float $deadline, array $context, ?int $concurrency = null ): array {
		$concurrency = max( 1, $concurrency ?? Store::DELETE_CONCURRENCY );
		$shape       = $this->store->shape();
		$answers     = array();
		// The key owner's own cart is never deleted, whatever the caller sends: CoCart re-creates it in the same
		// request that deletes it, and it is not a customer's cart.
		$owner = $this->store->lists()->meta()['owner'] ?? ( new KeyOwner( $this->store->settings() ) )->known();
		if ( null !== $owner && in_array( (string) $owner, $keys, true ) ) {
			$answers[ (string) $owner ] = Errors::make(
				'own_cart',
				__( 'Not deleted: this is the API key owner’s own cart (CoCart keeps one for the user the key belongs to and re-creates it on every request). It is not a customer’s cart.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
				409
			);
		}
		$queue = array_values( array_diff( $keys, array_keys( $answers ) ) );
		// With no remembered way of authenticating, the first goes alone through the client's full path
		// (fallbacks, key rotation); the rest then use what worked.
		if ( array() !== $queue && '' === $this->store->settings()->key_state()['auth'] ) {
			$first             = array_shift( $queue );
			$answers[ $first ] = $this->store->client()->delete( Store::path( $shape, $first ) );
		}
		$this->store->per_cart(
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
			$result    = $this->result( $key, $answers[ $key ] ?? null );
			$results[] = $result;
			if ( 'deleted' === $result['result'] || 'not_found' === $result['result'] ) {
				$gone[] = $key;
			}
		}
		if ( array() !== $gone ) {
			$this->store->lists()->forget( $gone );
			$this->store->details()->forget( $gone );
			$this->store->details()->save();
		}
		KeyOwner::flush_pending();
		self::announce( $results, $context );
		return $results;
	}

	/**
	 * One key's result from its answer (null: not attempted), noting what the answer shows of the key's permission.
	 *
	 * @param Response|WP_Error|null $answer
	 * @return array<string,mixed>
	 */
	private function result( string $key, $answer ): array {
		if ( null === $answer ) {
			return array(
				'key'     => $key,
				'result'  => 'failed',
				'message' => __( 'Not attempted: the time allowed for one request ran out. Run the delete again to continue.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			);
		}
		if ( $answer instanceof Response ) {
			$this->permission->remember( DeleteProbe::READ_WRITE, null );
			return array(
				'key'     => $key,
				'result'  => 'deleted',
				'message' => null,
			);
		}
		$reason = (string) ( $answer->get_error_data()['reason'] ?? '' );
		if ( 'own_cart' === $reason ) {
			return array(
				'key'     => $key,
				'result'  => 'failed',
				'message' => $answer->get_error_message(),
				'error'   => $answer,
			);
		}
		if ( 'not_found' === $reason ) {
			$this->permission->remember( DeleteProbe::READ_WRITE, null );
			return array(
				'key'     => $key,
				'result'  => 'not_found',
				'message' => __( 'Already gone: the store has no cart with this key.', 'cart-sessions-for-cocart' ),
			);
		}
		if ( 'key_permission' === $reason ) {
			$this->permission->remember( DeleteProbe::READ, $answer->get_error_message() );
		}
		return array(
			'key'     => $key,
			'result'  => 'failed',
			'message' => $answer->get_error_message(),
			'error'   => RouteError::from( $answer ),
		);
	}

	/**
	 * After deletes, from any path (the Sessions browser, a cleanup run, CoCart's bulk tool): every result to the
	 * cart_sessions_delete_results action (the audit records each: Cleanup\Audit::listen()), then the
	 * cart_sessions_deleted action with the keys deleted, when there are any.
	 *
	 * @param array<int,array{key:string,result:string,message:string|null}> $results
	 * @param array<string,mixed>                                           $context
	 */
	public static function announce( array $results, array $context ): void {
		$context += array(
			'context' => 'bulk',
			'run_id'  => null,
			'user_id' => get_current_user_id(),
		);
		/**
		 * Fires after a batch of deletes with every per-key result (deleted, not_found or failed, with its message):
		 * what the audit records.
		 *
		 * @param array<int,array<string,mixed>> $results key, result, message.
		 * @param array<string,mixed>            $context context, run_id (int|null), user_id (int; 0 for WP-Cron).
		 */
		do_action( 'cart_sessions_delete_results', $results, $context );
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
	 * Per-key results as the routes return them, with counts.
	 *
	 * @param array<int,array<string,mixed>> $results
	 * @return array{results:array<int,array<string,mixed>>,deleted:int,not_found:int,failed:int}
	 */
	public static function summary( array $results ): array {
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
	 * Deletes exactly the carts that match a filter now (the list is fetched afresh), never the key owner's own;
	 * none when more match now than the user confirmed ($expected_count). The caller has checked the filter.
	 *
	 * @param array<string,mixed> $filter Query::filter_of()'s shape.
	 * @return array{results:array<int,array<string,mixed>>,deleted:int,not_found:int,failed:int}|WP_Error
	 */
	public function matching( array $filter, int $expected_count, float $budget, float $delete_budget ) {
		$snapshot = $this->lists->snapshot( true );
		if ( $snapshot instanceof WP_Error ) {
			return $snapshot;
		}
		if ( $snapshot['stale'] ) {
			return RouteError::from(
				$snapshot['error'] ?? Errors::make(
					'upstream_error',
					__(
						'The store could not list its carts just now, so nothing was deleted.',
						'cart-sessions-for-cocart'
					),
					502
				)
			);
		}
		$rows    = $this->lists->rows( $snapshot );
		$unknown = array();
		if ( 'documented' !== $snapshot['shape'] && Query::needs_details( $filter ) ) {
			$candidates = Query::filter( $rows, Query::without_details( $filter ) );
			$this->details->fill( $rows, array_column( $candidates, 'key' ), microtime( true ) + $budget );
			foreach ( $candidates as $candidate ) {
				if ( null === $rows[ $candidate['key'] ]['item_count']
					&& ! $rows[ $candidate['key'] ]['is_key_owner'] ) {
					$unknown[] = $candidate['key'];
				}
			}
			$this->store->details()->save();
		}
		$keys = array();
		foreach ( Query::filter( $rows, $filter ) as $row ) {
			if ( ! $row['is_key_owner'] ) {
				$keys[] = (string) $row['key'];
			}
		}
		if ( count( $keys ) > $expected_count ) {
			return self::match_grew( count( $keys ), $expected_count );
		}
		$results = $this->delete( $keys, microtime( true ) + $delete_budget, array( 'context' => 'filter' ) );
		foreach ( $unknown as $key ) {
			$results[] = array(
				'key'     => $key,
				'result'  => 'failed',
				'message' => __( 'Not deleted: its contents could not be read from the store, so whether it matches the filter is unknown.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			);
		}
		return self::summary( $results );
	}

	private static function match_grew( int $matching, int $expected_count ): WP_Error {
		return new WP_Error(
			'cart_sessions_match_grew',
			sprintf(
				/* translators: 1: carts matching now, 2: carts the user confirmed */
				_n( 'Nothing was deleted: %1$s cart matches this filter now, more than the %2$s you confirmed. Look at the list again and confirm the new number.', 'Nothing was deleted: %1$s carts match this filter now, more than the %2$s you confirmed. Look at the list again and confirm the new number.', $matching, 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
				number_format_i18n( $matching ),
				number_format_i18n( $expected_count )
			),
			array(
				'status'   => 409,
				'matching' => $matching,
				'expected' => $expected_count,
			)
		);
	}

	/**
	 * Runs CoCart's own "Clear expired carts" tool on the store (docs/cocart-api.md#counts-and-the-bulk-tool): one
	 * request, one DELETE … WHERE cart_expiry < now on the store (46k carts in under a second); it cannot pick
	 * carts. Needs a Read/Write key, as deletes do.
	 *
	 * @param bool $count Also ask the store how many carts it holds before and after (two more requests).
	 * @return array{cleared:int|null,before:int|null,after:int|null,message:string}|WP_Error
	 */
	public function clear_expired( bool $count = false ) {
		list( $can_delete, $why_not ) = $this->permission->allowed();
		if ( ! $can_delete ) {
			return new WP_Error( 'cart_sessions_read_only_key', (string) $why_not, array( 'status' => 403 ) );
		}
		$client = $this->store->client();
		$before = $count ? ( StoreInfo::get( $client, true )['counts']['carts_in_session'] ?? null ) : null;
		$answer = $client->request( 'PUT', 'wc/v3/system_status/tools/cocart_cleanup_carts' );
		$fix    = __( 'Run it on the store instead: WooCommerce → Status → Tools → “Clear expired carts”. If that tool is missing, update CoCart.', 'cart-sessions-for-cocart' ); // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
		if ( $answer instanceof WP_Error ) {
			if ( 'key_permission' === ( $answer->get_error_data()['reason'] ?? '' ) ) {
				$this->permission->remember( DeleteProbe::READ, $answer->get_error_message() );
			}
			return RouteError::from( $answer, $fix );
		}
		if ( is_array( $answer->data ) && false === ( $answer->data['success'] ?? true ) ) {
			$failure = (string) ( $answer->data['message'] ?? __( 'The store’s “Clear expired carts” tool reported a failure.', 'cart-sessions-for-cocart' ) ); // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			return RouteError::from( Errors::make( 'store_error', $failure, 502 ), $fix );
		}
		// The store's carts changed under every cached row.
		$this->store->lists()->clear();
		$this->store->too_big_memo()->forget(); // Most rows are usually gone: the list may fit again.
		$after  = $count ? ( StoreInfo::get( $client, true )['counts']['carts_in_session'] ?? null ) : null;
		$before = null === $before ? null : (int) $before;
		$after  = null === $after ? null : (int) $after;
		return array(
			'cleared' => null === $before || null === $after ? null : max( 0, $before - $after ),
			'before'  => $before,
			'after'   => $after,
			'message' => null === $after
				? __( 'Expired carts cleared.', 'cart-sessions-for-cocart' )
				: sprintf(
					/* translators: %s: number of carts left on the store */
					__( 'Expired carts cleared. The store now holds %s carts.', 'cart-sessions-for-cocart' ),
					number_format_i18n( $after )
				),
		);
	}
}
