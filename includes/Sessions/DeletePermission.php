<?php
/**
 * Whether the key in use may delete carts: WooCommerce refuses DELETE requests from a read-only key. What the
 * store showed is remembered per connection (our own deletes, the key's save, a probe); before that, what the
 * connection doctor last reported (read by the report's owner, Health\SiteHealth, through the
 * cart_sessions_reported_key_permission filter); with neither, deleting is offered.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Sessions;

use CartSessions\CoCart\DeleteProbe;
use WP_Error;

final class DeletePermission {

	public const OPTION = 'cart_sessions_key_permission';

	/** @var Store */
	private $store;

	public function __construct( Store $store ) {
		$this->store = $store;
	}

	/**
	 * Whether deleting can work with the key in use, and why not; unknown counts as yes unless $learn (then the
	 * store is asked first).
	 *
	 * @return array{0:bool,1:string|null}
	 */
	public function allowed( bool $learn = false ): array {
		$known = get_option( self::OPTION, array() );
		if ( is_array( $known ) && ( $known['connection'] ?? '' ) === $this->store->connection() ) {
			return 'read' === ( $known['permission'] ?? '' )
				? array( false, (string) $known['message'] )
				: array( true, null );
		}
		if ( $learn && null !== $this->learn() ) {
			return $this->allowed();
		}
		/**
		 * Filters what the connection doctor last reported of the key's permission for this store: null when it
		 * has no report, else array{permission: DeleteProbe::READ|DeleteProbe::READ_WRITE|null, message: string}.
		 *
		 * @param array<string,mixed>|null $reported
		 * @param string                   $store_url
		 */
		$reported = apply_filters(
			'cart_sessions_reported_key_permission',
			null,
			$this->store->settings()->store_url()
		);
		if ( is_array( $reported ) && DeleteProbe::READ === ( $reported['permission'] ?? null ) ) {
			return array( false, (string) ( $reported['message'] ?? '' ) );
		}
		return array( true, null );
	}

	/**
	 * Asks the store what the key may do, without changing anything (DeleteProbe). Remembers and returns
	 * DeleteProbe::READ or READ_WRITE; null when the store did not say (unreachable, bad key…).
	 */
	public function learn(): ?string {
		if ( $this->store->ready() instanceof WP_Error ) {
			return null;
		}
		$answer  = DeleteProbe::ask(
			$this->store->client(),
			DeleteProbe::path( 'documented' === $this->store->shape() ),
			array( 'timeout' => min( 10, $this->store->settings()->timeout() ) )
		);
		$verdict = DeleteProbe::verdict( $answer );
		if ( null !== $verdict ) {
			$this->remember(
				$verdict,
				$answer instanceof WP_Error && DeleteProbe::READ === $verdict ? $answer->get_error_message() : null
			);
		}
		return $verdict;
	}

	/**
	 * What the store just showed of the key's permission (DeleteProbe::READ with WooCommerce's message, or
	 * READ_WRITE), kept for this connection.
	 */
	public function remember( string $permission, ?string $message ): void {
		$connection = $this->store->connection();
		$known      = get_option( self::OPTION, array() );
		if ( is_array( $known )
			&& ( $known['connection'] ?? '' ) === $connection
			&& ( $known['permission'] ?? '' ) === $permission ) {
			return;
		}
		$fix = __( 'On the store: WooCommerce → Settings → Advanced → REST API → edit this key → Permissions: Read/Write.', 'cart-sessions-for-cocart' ); // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
		update_option(
			self::OPTION,
			array(
				'connection' => $connection,
				'permission' => $permission,
				'message'    => null === $message ? null : $message . ' ' . $fix,
				'at'         => time(),
			),
			false
		);
	}
}
